import { describe, expect, it } from 'vitest';
import { CommandLineError, parseCommandLine } from './command-line';
import { LogTail } from './log-tail';
import {
  definitionFromCommandLine,
  parseSidecarDefinition,
  planLaunch,
  SidecarDefinitionError,
} from './sidecar-definition';

describe('parseCommandLine', () => {
  it('splits words without a shell, keeping quoted spaces and Windows paths as typed', () => {
    expect(parseCommandLine(`audiocpp_server --config {config}  --port {port}`)).toEqual([
      'audiocpp_server',
      '--config',
      '{config}',
      '--port',
      '{port}',
    ]);
    expect(parseCommandLine(`"/opt/audio cpp/bin/server" --model '/m/Vibe Voice' --x "a\\"b"`)).toEqual([
      '/opt/audio cpp/bin/server',
      '--model',
      '/m/Vibe Voice',
      '--x',
      'a"b',
    ]);
    expect(
      parseCommandLine(String.raw`C:\audio.cpp\bin\audiocpp_server.exe --model \\nas\models\VibeVoice-7B`),
    ).toEqual([
      String.raw`C:\audio.cpp\bin\audiocpp_server.exe`,
      '--model',
      String.raw`\\nas\models\VibeVoice-7B`,
    ]);
    expect(parseCommandLine(String.raw`server --name My\ Voice --empty ""`)).toEqual([
      'server',
      '--name',
      'My Voice',
      '--empty',
      '',
    ]);
  });

  it('refuses shell syntax, unclosed quotes and an empty command with what to do', () => {
    expect(() => parseCommandLine('server --port {port} | tee log')).toThrow(
      /"\|" is shell syntax.*put the pipeline/,
    );
    expect(() => parseCommandLine('server > out.log')).toThrow(CommandLineError);
    expect(() => parseCommandLine('server --model $(pwd)/m')).toThrow(/"\$\(" is shell syntax/);
    expect(() => parseCommandLine('server "--port {port}')).toThrow(/unclosed " quote/);
    expect(() => parseCommandLine('   ')).toThrow(/empty/);
    // Quoted, the same characters are plain arguments.
    expect(parseCommandLine(`server --sep '|'`)).toEqual(['server', '--sep', '|']);
  });
});

describe('sidecar definitions', () => {
  it('fills placeholders per start, JSON-escaping values in a JSON config file', () => {
    const definition = parseSidecarDefinition({
      name: 'vv',
      command: ['{binary}', '--config', '{config}', '--port', '{port}'],
      values: { binary: '/opt/audiocpp_server', model: String.raw`C:\models\Vibe "Voice"` },
      configFile: { text: '{"port": {port}, "models": [{"path": "{model}"}]}' },
      env: { CUDA_VISIBLE_DEVICES: '0', SERVER_PORT: '{port}' },
    });
    expect(definition.healthPath).toBe('/health');
    expect(definition.loadTimeoutS).toBe(300);
    const plan = planLaunch(definition, 41234, '/tmp/run');
    expect(plan.file).toBe('/opt/audiocpp_server');
    expect(plan.args).toEqual(['--config', '/tmp/run/config.json', '--port', '41234']);
    expect(plan.env).toEqual({ CUDA_VISIBLE_DEVICES: '0', SERVER_PORT: '41234' });
    expect(JSON.parse(plan.config!.text)).toEqual({
      port: 41234,
      models: [{ path: String.raw`C:\models\Vibe "Voice"` }],
    });
  });

  it('says what is wrong with a definition', () => {
    expect(() => definitionFromCommandLine('vv', 'server --port 8080')).toThrow(
      /neither the command nor its config file contains \{port\}/,
    );
    expect(() => definitionFromCommandLine('vv', 'server --port {port} --model {model}')).toThrow(
      /\{model\} has no value: give it with --value model=/,
    );
    expect(() => definitionFromCommandLine('vv', 'server --config {config} --port {port}')).toThrow(
      SidecarDefinitionError,
    );
    expect(() => definitionFromCommandLine('bad name', 'server --port {port}')).toThrow(/letters, digits/);
    expect(() => definitionFromCommandLine('vv', 'server --port {port}', { healthPath: 'health' })).toThrow(
      /the health path starts with/,
    );
    const ok = definitionFromCommandLine('vv', 'server --port {port} --model {model}', {
      values: { model: '/m' },
      healthPath: '/v1/models',
      loadTimeoutS: 900,
    });
    expect(ok.command).toEqual(['server', '--port', '{port}', '--model', '{model}']);
    expect(ok.loadTimeoutS).toBe(900);
  });
});

describe('LogTail', () => {
  it('keeps the last lines across chunks and streams, bounded, progress lines included', () => {
    const tail = new LogTail(3, 10);
    tail.push('stdout', 'one\ntw');
    tail.push('stderr', 'Loading 10%\rLoading 20%\r');
    tail.push('stdout', 'o\n');
    tail.push('stderr', '\u001b[31mred\u001b[0m\n');
    expect(tail.tail()).toEqual(['Loading 20…', 'two', 'red']);
    tail.push('stdout', 'unterminated');
    tail.end('stdout');
    expect(tail.summary(2)).toBe('red / unterminat…');
  });
});
