import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScript } from '../../../shared/script/parser';
import { loadEspeak } from '../../worker/espeak/espeak-wasm';
import { resample } from '../audio/resampler';
import { findNonSpeech } from './take-qa';

const RATE = 24_000;

/** Speech from the espeak-ng command line (an oracle independent of the app), at 24 kHz. */
function espeakCli(voice: string, text: string): Float32Array {
  const wav = execFileSync('espeak-ng', ['-v', voice, '--stdout', text]);
  let at = 12;
  while (wav.toString('ascii', at, at + 4) !== 'data') at += 8 + wav.readUInt32LE(at + 4);
  const rate = wav.readUInt32LE(24);
  const count = Math.floor((wav.length - at - 8) / 2);
  const pcm = new Float32Array(count);
  for (let i = 0; i < count; i += 1) pcm[i] = wav.readInt16LE(at + 8 + 2 * i) / 32768;
  return resample(pcm, rate, RATE);
}

function join(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function signal(seconds: number, at: (t: number) => number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => at(i / RATE));
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  };
}

const noise = seeded(7);
let pink = 0;
/** What a model makes instead of words: music, held tones, noise (each 4.5 s). */
const NON_SPEECH: Record<string, Float32Array> = {
  'a held tone': signal(4.5, (t) => 0.3 * Math.sin(2 * Math.PI * 440 * t)),
  'white noise': signal(4.5, () => 0.2 * noise()),
  'brown-ish noise': signal(4.5, () => (pink = 0.98 * pink + 0.05 * noise())),
  'chords changing every second': signal(4.5, (t) => {
    const chord = [
      [220, 277, 330],
      [196, 247, 294],
      [175, 220, 262],
    ][Math.floor(t) % 3]!;
    return (
      0.08 *
      chord.reduce((sum, f) => sum + Math.sin(2 * Math.PI * f * t) + 0.4 * Math.sin(4 * Math.PI * f * t), 0)
    );
  }),
  'a legato melody, four notes a second, with vibrato': signal(4.5, (t) => {
    const notes = [262, 294, 330, 349, 392, 440, 494, 523];
    const f = notes[Math.floor(t * 4) % notes.length]!;
    const envelope = 0.6 + 0.4 * Math.exp(-3 * ((t * 4) % 1));
    return 0.25 * envelope * Math.sin(2 * Math.PI * f * t * (1 + 0.003 * Math.sin(2 * Math.PI * 5.5 * t)));
  }),
  'a tone with a 5 Hz tremolo of ±30 %': signal(
    4.5,
    (t) => 0.3 * (1 + 0.3 * Math.sin(2 * Math.PI * 5 * t)) * Math.sin(2 * Math.PI * 330 * t),
  ),
};

const SENTENCES: Record<string, string> = {
  en: 'The studio renders long conversations between several speakers, one turn at a time, and keeps every take.',
  de: 'Das Studio rendert lange Gespräche zwischen mehreren Sprechern, eine Runde nach der anderen.',
  fr: 'Le studio produit de longues conversations entre plusieurs voix, un tour après l’autre.',
  es: 'El estudio genera conversaciones largas entre varios hablantes, un turno tras otro.',
  it: 'Lo studio genera lunghe conversazioni tra più voci, un turno alla volta, e conserva ogni ripresa.',
  fi: 'Studio tuottaa pitkiä keskusteluja usean puhujan välillä vuoro kerrallaan.',
  ru: 'Студия озвучивает длинные разговоры нескольких собеседников, по одной реплике.',
  ar: 'يقوم الاستوديو بتحويل المحادثات الطويلة بين عدة متحدثين إلى كلام، دورًا بعد دور.',
  hi: 'यह स्टूडियो कई वक्ताओं के बीच लंबी बातचीत को एक-एक करके बोलता है।',
  cmn: '这个工作室一次一个回合地渲染多个说话人之间的长对话，并把每个录音都保存在缓存里。',
  yue: '呢個工作室會一次一段噉合成幾個人之間嘅長對話。',
  ja: 'このスタジオは複数の話者の長い会話を一つずつ合成し、すべての録音を保存します。',
  ko: '이 스튜디오는 여러 화자의 긴 대화를 한 차례씩 합성하고 모든 녹음을 저장합니다.',
  vi: 'Phòng thu tạo ra những cuộc trò chuyện dài giữa nhiều người nói, từng lượt một.',
  sw: 'Studio hii inatoa mazungumzo marefu kati ya wasemaji kadhaa, zamu moja baada ya nyingine.',
};

describe('take QA: non-speech stretches', () => {
  it.each(Object.entries(SENTENCES))(
    'never flags espeak-ng speech in %s, in five variants of its voice',
    (language, sentence) => {
      for (const variant of ['', '+f3', '+m7', '+whisper', '+klatt']) {
        const speech = espeakCli(`${language}${variant}`, sentence);
        expect(speech.length).toBeGreaterThan(RATE * 3);
        expect(findNonSpeech(speech, RATE), `${language}${variant}`).toBeUndefined();
      }
    },
  );

  it.each(Object.keys(NON_SPEECH))('flags %s between two sentences, where it is', (name) => {
    const before = espeakCli('en', SENTENCES.en!);
    const after = espeakCli('en+f3', SENTENCES.en!);
    const take = join(before, NON_SPEECH[name]!, after);
    const found = findNonSpeech(take, RATE);
    expect(found).toBeDefined();
    const startMs = (before.length / RATE) * 1000;
    // Found within a window (1 s) of where it was put, and most of its 4.5 s long.
    expect(Math.abs(found!.startMs - startMs)).toBeLessThanOrEqual(1000);
    expect(found!.durationMs).toBeGreaterThanOrEqual(3000);
    expect(found!.durationMs).toBeLessThanOrEqual(5500);
  });

  it('does not flag a stretch shorter than the limit (a 2 s jingle), nor silence', () => {
    const speech = espeakCli('en', SENTENCES.en!);
    const jingle = NON_SPEECH['chords changing every second']!.subarray(0, 2 * RATE);
    expect(findNonSpeech(join(speech, jingle, speech), RATE)).toBeUndefined();
    expect(findNonSpeech(join(speech, new Float32Array(6 * RATE), speech), RATE)).toBeUndefined();
  });

  it('flags nothing in the bundled example episodes rendered by the app’s own espeak-ng', async () => {
    const espeak = await loadEspeak();
    const examples = path.join(import.meta.dirname, '../../../examples');
    const voices = ['en-gb-x-rp+f3', 'en-us+m3', 'en+f4', 'cmn+f3', 'cmn+m3'];
    let turns = 0;
    for (const file of ['roundtable-demo.txt', 'roundtable-demo-zh.txt']) {
      const script = parseScript(fs.readFileSync(path.join(examples, file), 'utf8'));
      const speakers = new Map<string, number>();
      const episode: Float32Array[] = [];
      for (const item of script.items) {
        if (item.kind !== 'turn') continue;
        const speakerIndex = speakers.get(item.speaker) ?? speakers.size;
        speakers.set(item.speaker, speakerIndex);
        const voice = file.endsWith('-zh.txt') ? voices[3 + (speakerIndex % 2)]! : voices[speakerIndex % 3]!;
        const blocks: Int16Array[] = [];
        espeak.synthesize(
          item.text,
          { voice, wordsPerMinute: 175, pitch: 50 },
          (pcm) => blocks.push(pcm),
          () => true,
        );
        const pcm = Float32Array.from(blocks.flatMap((block) => Array.from(block, (v) => v / 32768)));
        const take = resample(pcm, espeak.sampleRate, RATE);
        expect(findNonSpeech(take, RATE), `${file}: ${item.text.slice(0, 40)}`).toBeUndefined();
        episode.push(take, new Float32Array(Math.round(0.35 * RATE)));
        turns += 1;
      }
      expect(findNonSpeech(join(...episode), RATE)).toBeUndefined();
    }
    expect(turns).toBeGreaterThan(20);
  });
});
