// Public entry of the engine adapter: resolve where the engine is, then talk to it.
export { DEFAULT_DOCKER_HOST, resolveDockerHost, type EngineEndpoint } from './docker-host.js';
export { EngineClient, type EngineResponse, type RequestOptions } from './client.js';
