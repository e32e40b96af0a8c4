import { App } from "cdktf";
import type { Config } from "./config/schema";
import { MediaStack } from "./media/media-stack";
import { NetworkStack } from "./network/network-stack";
import type { PlayerBuild } from "./storage/player-assets";
import { StorageStack } from "./storage/storage-stack";

export interface StreamingApp {
  readonly app: App;
  readonly network: NetworkStack;
  readonly storage: StorageStack;
  readonly media: MediaStack;
}

/**
 * Creates the app and its three stacks from an already validated
 * configuration and the built player, which the storage stack uploads.
 */
export function createApp(
  config: Config,
  outdir: string,
  player: PlayerBuild,
): StreamingApp {
  const app = new App({ outdir, skipValidation: false });
  const network = new NetworkStack(app, config);
  const storage = new StorageStack(app, config, player);
  const media = new MediaStack(app, config);
  storage.addDependency(network);
  media.addDependency(storage);
  return { app, network, storage, media };
}
