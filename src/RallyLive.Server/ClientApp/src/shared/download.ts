// Downloads of API answers that need a key: the Bearer header cannot ride on a plain link, so the page fetches the
// file and saves it through a Blob URL.
import { raw } from "./api.js";

/** Fetches `path` with the key and saves it as `fileName`. Throws ApiError on a refusal. */
export async function downloadWithKey(path: string, key: string, fileName: string): Promise<void> {
  const response = await raw(path, { key });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  try {
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
