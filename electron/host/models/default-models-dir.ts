/** The models folder of this user: `<data dir>/models` (`ROUNDTABLE_DATA_DIR` overrides the data dir). */
import { dataPaths, resolveDataDir } from '../paths';

export function defaultModelsDir(env: NodeJS.ProcessEnv = process.env): string {
  return dataPaths(resolveDataDir(env)).modelsDir;
}
