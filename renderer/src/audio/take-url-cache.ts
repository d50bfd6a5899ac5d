import type { StudioApi } from '../../../shared/api/studio-api';

/** Take URLs from the host, asked for once per take and project folder. */
export class TakeUrlCache {
  private readonly urls = new Map<string, Promise<string>>();

  constructor(private readonly api: Pick<StudioApi, 'getTakeUrl'>) {}

  get(dir: string, hash: string): Promise<string> {
    const key = `${dir}\n${hash}`;
    let url = this.urls.get(key);
    if (!url) {
      url = this.api.getTakeUrl({ dir, hash }).then((r) => r.url);
      url.catch(() => this.urls.delete(key));
      this.urls.set(key, url);
    }
    return url;
  }

  clear(): void {
    this.urls.clear();
  }
}
