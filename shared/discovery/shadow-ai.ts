import type { ShadowAiEvidence } from '../domain/asset-config.ts';

/**
 * Recognizers for external AI providers inside AWS workloads (shadow AI) and for secret-like values.
 * Values are inspected in memory only to classify them; only names and kinds ever leave these functions.
 */
interface Provider {
  id: string;
  envNames: RegExp;
  hosts: RegExp;
  packages: RegExp;
}

export const PROVIDERS: Provider[] = [
  // one label character before the suffix is enough for .test(); `[a-z0-9-]+` there was quadratic on long values
  { id: 'azure-openai', envNames: /^AZURE_OPENAI/i, hosts: /[a-z0-9-]\.openai\.azure\.com/i, packages: /azure[-_]openai/i },
  { id: 'openai', envNames: /^OPENAI_|_OPENAI_API_KEY$|^OPENAI$/i, hosts: /api\.openai\.com/i, packages: /(^|[-_/])openai([-_/]|$)/i },
  { id: 'anthropic', envNames: /^ANTHROPIC_|^CLAUDE_API_KEY$/i, hosts: /api\.anthropic\.com/i, packages: /anthropic/i },
  {
    id: 'google-gemini',
    envNames: /^(GEMINI_|GOOGLE_GENAI|GOOGLE_GEMINI|GENAI_API_KEY)/i,
    hosts: /generativelanguage\.googleapis\.com/i,
    packages: /google[-_]?genai|generative-ai|gemini/i,
  },
  {
    id: 'google-vertex',
    envNames: /^VERTEX(_AI)?_|^GOOGLE_VERTEX/i,
    hosts: /aiplatform\.googleapis\.com/i,
    packages: /vertexai|aiplatform/i,
  },
  { id: 'cohere', envNames: /^(COHERE_|CO_API_KEY$)/i, hosts: /api\.cohere\.(ai|com)/i, packages: /cohere/i },
  { id: 'mistral', envNames: /^MISTRAL_/i, hosts: /api\.mistral\.ai/i, packages: /mistralai/i },
  {
    id: 'huggingface',
    envNames: /^(HF_TOKEN|HF_API_KEY|HUGGINGFACE|HUGGING_FACE|HUGGINGFACEHUB_)/i,
    hosts: /(api-inference\.)?huggingface\.co|\.endpoints\.huggingface\.cloud/i,
    packages: /huggingface|transformers/i,
  },
  { id: 'groq', envNames: /^GROQ_/i, hosts: /api\.groq\.com/i, packages: /groq/i },
  { id: 'together', envNames: /^TOGETHER(_AI)?_/i, hosts: /api\.together\.(xyz|ai)/i, packages: /together/i },
  { id: 'replicate', envNames: /^REPLICATE_/i, hosts: /api\.replicate\.com/i, packages: /replicate/i },
  { id: 'perplexity', envNames: /^(PERPLEXITY_|PPLX_)/i, hosts: /api\.perplexity\.ai/i, packages: /perplexity/i },
  { id: 'deepseek', envNames: /^DEEPSEEK_/i, hosts: /api\.deepseek\.com/i, packages: /deepseek/i },
  { id: 'xai', envNames: /^(XAI_|GROK_)/i, hosts: /api\.x\.ai/i, packages: /xai-sdk/i },
  { id: 'openrouter', envNames: /^OPENROUTER_/i, hosts: /openrouter\.ai/i, packages: /openrouter/i },
  { id: 'ai21', envNames: /^AI21_/i, hosts: /api\.ai21\.com/i, packages: /ai21/i },
  { id: 'voyage', envNames: /^VOYAGE(_AI)?_/i, hosts: /api\.voyageai\.com/i, packages: /voyageai/i },
];

/** Key formats, most specific first. `kind` is what gets recorded (`key-format:<kind>`). */
export const KEY_FORMATS: { kind: string; provider: string | null; re: RegExp }[] = [
  { kind: 'anthropic', provider: 'anthropic', re: /sk-ant-(api|admin)\d{2}-[A-Za-z0-9_-]{20,}/ },
  { kind: 'openrouter', provider: 'openrouter', re: /sk-or-v1-[a-f0-9]{32,}/ },
  { kind: 'openai', provider: 'openai', re: /sk-(?!ant-|or-)(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/ },
  { kind: 'huggingface', provider: 'huggingface', re: /hf_[A-Za-z0-9]{30,}/ },
  { kind: 'google-api-key', provider: 'google-gemini', re: /AIza[0-9A-Za-z_-]{35}/ },
  { kind: 'groq', provider: 'groq', re: /gsk_[A-Za-z0-9]{40,}/ },
  { kind: 'replicate', provider: 'replicate', re: /r8_[A-Za-z0-9]{30,}/ },
  { kind: 'perplexity', provider: 'perplexity', re: /pplx-[A-Za-z0-9]{40,}/ },
  { kind: 'xai', provider: 'xai', re: /xai-[A-Za-z0-9]{40,}/ },
  { kind: 'aws-access-key', provider: null, re: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'private-key', provider: null, re: /-----BEGIN( RSA| EC| OPENSSH)? PRIVATE KEY-----/ },
];

const SECRET_NAME = /(API_?KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|CREDENTIAL|PRIVATE_?KEY|ACCESS_?KEY|AUTH)/i;
/** A value that points at a secret store instead of holding the secret. */
const REFERENCE = /^(arn:aws[a-z-]*:(secretsmanager|ssm|kms):|\{\{resolve:|ssm:|secretsmanager:|\/aws\/reference\/)/i;

/** The kinds of secrets a text contains (e.g. `openai`, `aws-access-key`); never the secrets themselves. */
export function secretKinds(text: string): string[] {
  const out = new Set<string>();
  for (const f of KEY_FORMATS) if (f.re.test(text)) out.add(f.kind);
  return [...out];
}

/** True when an environment variable NAME suggests it carries a secret. */
export function isSecretLikeName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export interface EnvScan {
  /** External AI providers referenced (by name, host, key format). */
  providers: ShadowAiEvidence[];
  /** Names of variables that hold a provider key in plain text (value is a key, not a reference). */
  plaintextKeyEnvNames: string[];
  /** Names of variables that look like secrets (by name or by value format). */
  secretLikeNames: string[];
  /** Mentions Amazon Bedrock (model ids, BEDROCK_* names, bedrock-runtime hosts). */
  usesBedrock: boolean;
}

/** Scans environment variables. The values are classified in memory and dropped. */
export function scanEnvironment(env: Record<string, string | undefined> | null | undefined): EnvScan {
  const providers: ShadowAiEvidence[] = [];
  const plaintext = new Set<string>();
  const secretLike = new Set<string>();
  let usesBedrock = false;
  const seen = new Set<string>();
  const add = (e: ShadowAiEvidence) => {
    const k = `${e.provider}|${e.via}|${e.where}`;
    if (!seen.has(k)) {
      seen.add(k);
      providers.push(e);
    }
  };
  for (const [name, rawValue] of Object.entries(env ?? {})) {
    const value = rawValue ?? '';
    if (/BEDROCK/i.test(name) || /bedrock-runtime\.|^(anthropic|amazon|meta|cohere|mistral|ai21)\.[a-z0-9-]+.*:\d+$/i.test(value))
      usesBedrock = true;
    const byName = PROVIDERS.find((p) => p.envNames.test(name));
    if (byName) add({ provider: byName.id, via: 'env-name', where: name });
    for (const p of PROVIDERS) if (p.hosts.test(value)) add({ provider: p.id, via: 'env-host', where: name });
    const kinds = KEY_FORMATS.filter((f) => f.re.test(value));
    for (const k of kinds) {
      secretLike.add(name);
      if (k.provider) {
        add({ provider: k.provider, via: 'key-format', where: `${name} (key-format:${k.kind})` });
        plaintext.add(name);
      }
    }
    if (isSecretLikeName(name)) {
      secretLike.add(name);
      if (byName && value && !REFERENCE.test(value) && /(KEY|TOKEN|SECRET)/i.test(name)) plaintext.add(name);
    }
  }
  return { providers, plaintextKeyEnvNames: [...plaintext].sort(), secretLikeNames: [...secretLike].sort(), usesBedrock };
}

/** Providers referenced by a package/layer/image name (e.g. a Lambda layer `openai-python`). */
export function providersInName(name: string): string[] {
  return PROVIDERS.filter((p) => p.packages.test(name)).map((p) => p.id);
}

/** Providers suggested by a secret's name/description/tags (Secrets Manager values are never read). */
export function providersInSecretMetadata(text: string): string[] {
  const out = new Set<string>();
  for (const p of PROVIDERS) {
    const word = p.id.replace('google-', '');
    if (new RegExp(`(^|[^a-z])(${word}|${p.id})([^a-z]|$)`, 'i').test(text) || p.hosts.test(text)) out.add(p.id);
  }
  if (/(^|[^a-z])(gemini)([^a-z]|$)/i.test(text)) out.add('google-gemini');
  if (/(^|[^a-z])(hugging ?face|hf[-_]token)([^a-z]|$)/i.test(text)) out.add('huggingface');
  if (/(^|[^a-z])(claude)([^a-z]|$)/i.test(text)) out.add('anthropic');
  if (/(^|[^a-z])(gpt-?\d|chatgpt)([^a-z]|$)/i.test(text)) out.add('openai');
  return [...out];
}

/** Registry host of a container image URI (`docker.io` for bare Docker Hub names). */
export function imageRegistry(image: string | null | undefined): string | null {
  if (!image) return null;
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost')) return first;
  return 'docker.io';
}

/**
 * Self-hosted model servers and ML tooling, by name: container images (ECS) and EC2 tags / AMI names. A word must
 * start after a non-alphanumeric character (`ghcr.io/huggingface/...`, `ollama-playground`); the short words `tgi`
 * and `ray` must also end there (`xray`, `array`, `raylib` do not match). `tritonserver`, `jupyterhub` do.
 */
export const SELF_HOSTED_MODEL_SERVER =
  /(?<![a-z0-9])(ollama|vllm|text-generation-inference|llama[._-]?cpp|localai|triton|huggingface|comfyui|stable-diffusion|sd-webui|open-?webui|mlflow|jupyter|gradio|kuberay|(?:tgi|ray)(?![a-z0-9]))/i;

/** Ray in a tag value only as a cluster role (`ray-head-0`, `ray_worker`, `ray-cluster`...) or Anyscale. */
const RAY_IN_TAG_VALUE = /(?<![a-z0-9])(ray[-_ ]?(head|worker|cluster|node|serve|job|dashboard)|anyscale)/i;

/**
 * Whether a tag value names a self-hosted model server or ML tool: `SELF_HOSTED_MODEL_SERVER` without the bare word
 * `ray`, which is also a first name (`Owner=Ray Smith`); Ray counts as a cluster role or Anyscale (`RAY_IN_TAG_VALUE`)
 * and KubeRay. Tag keys use `SELF_HOSTED_MODEL_SERVER` as it is (`ray.io/node-type`).
 */
export function modelServerInTagValue(value: string): boolean {
  for (const m of value.matchAll(new RegExp(SELF_HOSTED_MODEL_SERVER.source, 'gi'))) if (m[1]?.toLowerCase() !== 'ray') return true;
  return RAY_IN_TAG_VALUE.test(value);
}

/**
 * Accelerated EC2 instance families (the part of the instance type before the dot). Data, not a pattern: a new family
 * is added here when AWS launches it.
 */
export const ACCELERATED_FAMILIES: readonly string[] = [
  // NVIDIA GPU, training / large inference (P)
  'p2',
  'p3',
  'p3dn',
  'p4d',
  'p4de',
  'p5',
  'p5e',
  'p5en',
  'p6-b200',
  'p6e-gb200',
  // NVIDIA / AMD GPU, inference and graphics (G)
  'g3',
  'g3s',
  'g4dn',
  'g4ad',
  'g5',
  'g5g',
  'g6',
  'g6e',
  'gr6',
  // AWS Inferentia and Trainium
  'inf1',
  'inf2',
  'trn1',
  'trn1n',
  'trn2',
  // Habana Gaudi, Qualcomm AI 100
  'dl1',
  'dl2q',
];
const ACCELERATED = new Set(ACCELERATED_FAMILIES);

/** Whether an instance type (`g5.xlarge`) is of an accelerated family. */
export function isAcceleratedType(instanceType: string | undefined): boolean {
  return ACCELERATED.has((instanceType ?? '').split('.')[0] ?? '');
}

/** AMI names of machine-learning images (AWS Deep Learning AMIs and Neuron images, NVIDIA / NGC images). */
export const ML_IMAGE_NAME = /deep[ -]?learning|(?<![a-z0-9])(dlami|neuron|nvidia|ngc)(?![a-z0-9])/i;
