@echo off
rem Shim so the fake can stand in for the real binary on Windows.
node "%~dp0fake-nvidia-smi.mjs" %*
