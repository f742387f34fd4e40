/**
 * @k8s-scheduler/config — the process configuration shared by the CLI, the server and the operator:
 * the environment read once (the only module that reads `process.env`) into a typed `Config`, and
 * the redacting logger built from it. Apps receive both as arguments; nothing else reads the env.
 */
export {
  ConfigError,
  envSpec,
  loadConfig,
  loadConfigFromProcess,
  productionWarnings,
  unknownVariableWarnings,
  type Config,
  type Mode,
} from './config';
export {
  createLogger,
  formatLogLine,
  redactUrl,
  resolveLogFormat,
  serializeRequest,
  REDACTED,
} from './logger';
export { StartupError, databaseConnectError, launchedByNpm } from './startup';
