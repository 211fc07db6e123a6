export { ActivityCounter } from './activity';
export { ApiError, toApiError, type ApiErrorBody } from './errors';
export { EventHub } from './events';
export { keyringInfo, statusCore, usePassphrase } from './methods';
export type { ApiRuntime, CallContext, Transport } from './runtime';
export { ApiService, callOrThrow, isMethodName, isStreamName, type DispatchResult, type SubscribeResult } from './service';
export { APP_VERSION } from './version';
