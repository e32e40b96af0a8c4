/** Replaced by player/build.ts with the worker's hashed path; undeclared in any other build. */
declare const __HLS_WORKER_PATH__: string | undefined;

/**
 * Path of the hls.js transmuxer worker relative to the page, or undefined
 * when the bundle was built without it. hls.js then transmuxes on the main
 * thread.
 */
export const HLS_WORKER_PATH: string | undefined =
  typeof __HLS_WORKER_PATH__ === "string" ? __HLS_WORKER_PATH__ : undefined;
