// The ES module entry point: the CommonJS build re-exported, so `import` and `require` share one
// native addon and one set of classes (`instanceof JumioError` holds across both).
import cjs from '../dist/index.js';

export const {
  Client,
  capabilitySummaries,
  CallbackVerifier,
  CallbackReceiver,
  SeenCallbacks,
  parseCallback,
  setLogger,
  journeyUrl,
  parseWebRedirect,
  AbortError,
  AuthenticationError,
  ConfigurationError,
  InvalidResponseError,
  RedirectError,
  LocalFileError,
  JumioError,
  MigrationError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  TransportError,
  UnexpectedStatusError,
  ValidationError,
  Sandbox,
  sampleImage,
  Workflows,
  version,
  operations,
} = cjs;
export default cjs;
