import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { Log } from '../../shared/util/logger.ts';

/** The shared/ logging surface over a Powertools logger (structured JSON, Lambda context keys). */
export function powertoolsLog(logger: Logger): Log {
  return {
    debug: (m, e) => logger.debug(m, e ?? {}),
    info: (m, e) => logger.info(m, e ?? {}),
    warn: (m, e) => logger.warn(m, e ?? {}),
    error: (m, e) => logger.error(m, e ?? {}),
  };
}

/** Logger, tracer and metrics of one function, configured from the POWERTOOLS_* environment the stack sets. */
export function powertools(serviceName: string) {
  const logger = new Logger({ serviceName });
  const tracer = new Tracer({ serviceName });
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'AiSpm', serviceName });
  return { logger, tracer, metrics, log: powertoolsLog(logger) };
}
