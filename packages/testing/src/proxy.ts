// @clinicsync/testing/proxy: an HTTP proxy between a device and a server that
// forwards, cuts an answer short, drops the connection or answers itself.
export { startProxy } from './proxy/http-proxy.js';
export type { ProxiedRequest, ProxyAction, ProxyRule, TestProxy } from './proxy/http-proxy.js';
