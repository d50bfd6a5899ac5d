/** An engine test's outcome as lines for Settings → Engines (the same facts `roundtable engines test` prints). */
import type { EngineTestResult } from '../../../../shared/api/engines-api';

export interface TestLine {
  text: string;
  bad: boolean;
}

export function testLines(result: EngineTestResult, model: string): TestLine[] {
  const lines: TestLine[] = [];
  if (result.sidecar)
    lines.push(
      'error' in result.sidecar
        ? { text: `sidecar: ${result.sidecar.error}`, bad: true }
        : {
            text: `sidecar: healthy in ${result.sidecar.loadMs} ms; models ${result.sidecar.models.join(', ') || '(none listed)'}; stopped again`,
            bad: false,
          },
    );
  for (const endpoint of result.endpoints) {
    const at = result.endpoints.length > 1 ? `${endpoint.url}: ` : '';
    if (endpoint.keyError) {
      lines.push({ text: `${at}key: ${endpoint.keyError}`, bad: true });
      continue;
    }
    if (endpoint.models)
      lines.push(
        'error' in endpoint.models
          ? { text: `${at}models: ${endpoint.models.error}`, bad: true }
          : {
              text: `${at}models: ${endpoint.models.ids.join(', ') || '(none listed)'}${endpoint.models.hasModel ? '' : ` — "${model}" is not among them`}`,
              bad: !endpoint.models.hasModel,
            },
      );
    if (endpoint.voices)
      lines.push(
        'error' in endpoint.voices
          ? { text: `${at}voices: not listed (${endpoint.voices.error})`, bad: false }
          : { text: `${at}voices: ${endpoint.voices.ids.join(', ') || '(none listed)'}`, bad: false },
      );
    if (endpoint.triedStandardVoice)
      lines.push({
        text: `${at}render: no voices listed or entered, so OpenAI's standard voice was tried`,
        bad: false,
      });
    if (endpoint.render)
      lines.push(
        'error' in endpoint.render
          ? { text: `${at}render: ${endpoint.render.error}`, bad: true }
          : {
              text: `${at}render: ${(endpoint.render.audioMs / 1000).toFixed(1)} s of audio with voice ${endpoint.render.voice}, round trip ${endpoint.render.roundTripMs} ms`,
              bad: false,
            },
      );
  }
  return lines;
}
