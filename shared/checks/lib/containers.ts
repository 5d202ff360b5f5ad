import type { ContainerInfo } from '../../domain/asset-config.ts';

/** Registry host of a container image URI (`docker.io` for bare names). */
export function registryOf(c: ContainerInfo): string | null {
  if (c.registry) return c.registry;
  if (!c.image) return null;
  const first = c.image.split('/')[0];
  if (c.image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'docker.io';
}

/** Private = Amazon ECR (private registries, including AWS Deep Learning Containers) or VPC registry access mode. */
export function isPrivateRegistry(c: ContainerInfo): boolean {
  if (c.repositoryAccessMode === 'Vpc') return true;
  const r = registryOf(c);
  return r !== null && /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(r);
}
