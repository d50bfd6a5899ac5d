// Not a module on purpose. The tsconfig `paths` of shared/ and renderer/ map Node-only packages (ws,
// onnxruntime-node, systeminformation, ...) here, so importing one fails `tsc -b` with "… is not a module"
// naming this file. They run in the host or the worker; the renderer goes through StudioApi.
