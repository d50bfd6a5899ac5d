/** The project store's file writes: the one atomic write helper and temp-file clean-up (files/). */
export { removeFile, syncDir, writeFileAtomic, writeFileAtomicIfAbsent } from '../files/atomic-write';
export type { AtomicWriteOptions } from '../files/atomic-write';
export { removeStaleTempFiles, tempPathFor } from '../files/temp-files';
