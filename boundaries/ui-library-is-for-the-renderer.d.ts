// Not a module on purpose. The tsconfig `paths` of shared/ and of electron/ map the UI libraries (react,
// zustand, wavesurfer.js) here, so importing one outside renderer/ fails `tsc -b` with "… is not a module"
// naming this file.
