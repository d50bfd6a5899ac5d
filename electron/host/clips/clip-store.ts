/**
 * A folder of reference clips: `clips/<sha256>.wav` (the audio, written once, never replaced) and
 * `clips/<sha256>.json` (its ReferenceClip record: label, source name, duration, consent), both written
 * atomically. A project's folder is `<project>/clips`; the CLI's renders of a script use the one beside the
 * shared take cache. The JSON is what the host trusts for consent: a render with a clip whose record has no
 * consent is refused, whatever the studio's document says.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CLIP_CONSENT_STATEMENT,
  CLIP_SAMPLE_RATE,
  ClipHashSchema,
  ReferenceClipSchema,
  shortClipHash,
  type ReferenceClip,
} from '../../../shared/model/reference-clip';
import type { ClipReference } from '../../../shared/protocol/worker-protocol';
import { removeFile, writeFileAtomic, writeFileAtomicIfAbsent } from '../files/atomic-write';
import { errorCode } from '../project/fs-retry';
import { CLIPS_DIR } from '../project/project-layout';
import { mkdirInProject } from '../project/project-store';
import { ClipError } from './clip-errors';
import { prepareClip, type ClipSource, type PreparedClip } from './clip-import';

export { CLIPS_DIR };

/** The clips folder that belongs beside a take cache (`<project>/takes` → `<project>/clips`). */
export function clipsDirBesideTakes(takesDir: string): string {
  return path.join(path.dirname(takesDir), CLIPS_DIR);
}

export interface ImportClipInput extends ClipSource {
  label?: string;
  /** The sentence the user confirmed (must be CLIP_CONSENT_STATEMENT); absent: stored without consent. */
  consentStatement?: string;
  nowMs?: number;
}

export class ClipStore {
  constructor(readonly dir: string) {}

  wavPath(sha256: string): string {
    return path.join(this.dir, `${checkHash(sha256)}.wav`);
  }

  private recordPath(sha256: string): string {
    return path.join(this.dir, `${checkHash(sha256)}.json`);
  }

  /** Imports a recording (clip-import.ts); the same audio imported again keeps its record and consent. */
  async import(input: ImportClipInput): Promise<{ clip: ReferenceClip; prepared: PreparedClip }> {
    const prepared = await prepareClip(input);
    await mkdirInProject(this.dir);
    await writeFileAtomicIfAbsent(this.wavPath(prepared.sha256), prepared.wav);
    const existing = await this.find(prepared.sha256);
    const consent =
      input.consentStatement !== undefined
        ? consentFor(input.consentStatement, input.nowMs)
        : existing?.consent;
    const clip: ReferenceClip = {
      sha256: prepared.sha256,
      label: (input.label?.trim() || existing?.label || labelFor(input.sourceName)).slice(0, 80),
      sourceName: path.basename(input.sourceName).slice(0, 255) || 'clip',
      durationSamples: prepared.durationSamples,
      sampleRate: CLIP_SAMPLE_RATE,
      ...(consent ? { consent } : {}),
    };
    await this.writeRecord(clip);
    return { clip, prepared };
  }

  /** A clip's record, or undefined when this folder does not hold it (audio and record both). */
  async find(sha256: string): Promise<ReferenceClip | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.recordPath(sha256), 'utf8');
      await fs.access(this.wavPath(sha256));
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
    const parsed = ReferenceClipSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.sha256 === sha256 ? parsed.data : undefined;
  }

  async get(sha256: string): Promise<ReferenceClip> {
    const clip = await this.find(sha256);
    if (!clip) {
      throw new ClipError(
        'clip-not-found',
        `no reference clip ${shortClipHash(sha256)} in ${this.dir}`,
        'import the clip again (Voice from a clip…, or --voice-clip)',
      );
    }
    return clip;
  }

  async list(): Promise<ReferenceClip[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return [];
      throw error;
    }
    const clips: ReferenceClip[] = [];
    for (const name of names.sort()) {
      const sha = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!ClipHashSchema.safeParse(sha).success) continue;
      const clip = await this.find(sha).catch(() => undefined);
      if (clip) clips.push(clip);
    }
    return clips;
  }

  /** Records the user's confirmation (the exact statement) with the clip. */
  async confirmConsent(sha256: string, statement: string, nowMs = Date.now()): Promise<ReferenceClip> {
    const clip = { ...(await this.get(sha256)), consent: consentFor(statement, nowMs) };
    await this.writeRecord(clip);
    return clip;
  }

  async setLabel(sha256: string, label: string): Promise<ReferenceClip> {
    const clip = { ...(await this.get(sha256)), label: label.trim().slice(0, 80) || 'clip' };
    await this.writeRecord(clip);
    return clip;
  }

  async remove(sha256: string): Promise<void> {
    await removeFile(this.recordPath(sha256));
    await removeFile(this.wavPath(sha256));
  }

  /**
   * What an engine is given for a speaker's clip: refused when the clip is missing or has no consent, with
   * how to confirm it.
   */
  async reference(sha256: string, speaker?: string): Promise<ClipReference> {
    const clip = await this.get(sha256);
    if (!clip.consent) {
      throw new ClipError(
        'clip-consent-missing',
        `the reference clip "${clip.label}" (${shortClipHash(sha256)})${speaker ? ` of ${speaker}` : ''} has no consent recorded: a voice from a clip is used only after you confirm "${CLIP_CONSENT_STATEMENT}"`,
        'in the studio, tick the confirmation on the speaker card (Voice from a clip…); on the command line, add --consent to --voice-clip',
      );
    }
    return { sha256, path: this.wavPath(sha256) };
  }

  private async writeRecord(clip: ReferenceClip): Promise<void> {
    await mkdirInProject(this.dir);
    await writeFileAtomic(this.recordPath(clip.sha256), `${JSON.stringify(clip, null, 2)}\n`);
  }
}

function consentFor(statement: string, nowMs = Date.now()) {
  if (statement.trim() !== CLIP_CONSENT_STATEMENT) {
    throw new ClipError(
      'clip-consent-missing',
      `consent is the statement "${CLIP_CONSENT_STATEMENT}", confirmed as it is`,
      'confirm the statement shown with the clip',
    );
  }
  return { confirmedAtMs: Math.round(nowMs), statement: CLIP_CONSENT_STATEMENT };
}

function labelFor(sourceName: string): string {
  const base = path.basename(sourceName).replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return base.trim() || 'clip';
}

function checkHash(sha256: string): string {
  if (!ClipHashSchema.safeParse(sha256).success)
    throw new ClipError('clip-not-found', `"${sha256}" is not a clip's SHA-256`);
  return sha256;
}
