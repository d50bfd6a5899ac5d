/**
 * Writes a rendered project as a plain 16-bit WAV at the project rate, streaming, with SRT, WebVTT and a
 * JSON summary beside it. (Loudness-normalised MP3/FLAC/WAV exports go through the ExportService.)
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Project } from '../../../shared/model/project';
import { entryTimesMs } from '../../../shared/model/timeline';
import { WavWriter } from '../audio/wav-writer';
import { writeTranscriptFiles } from '../export/transcript-files';
import type { TimedTurnWithId } from '../export/transcript-files';
import { assembleEpisode, completeTimeline } from './episode-assembler';
import type { TakeStore } from './take-store';

export interface EpisodeFiles {
  wav: string;
  transcripts: string[];
  totalSamples: number;
  turns: TimedTurnWithId[];
}

export function timedTurns(project: Project): TimedTurnWithId[] {
  const timeline = completeTimeline(project);
  const speakers = new Map(project.speakers.map((speaker) => [speaker.id, speaker.name]));
  return project.segments.map((segment, index) => {
    const entry = timeline.entries[index];
    if (!entry) throw new Error(`no timeline entry for ${segment.id}`);
    return { segmentId: segment.id, speaker: speakers.get(segment.speakerId) ?? segment.speakerId, text: segment.text, ...entryTimesMs(entry, timeline.sampleRate) };
  });
}

export async function writeEpisodeFiles(project: Project, store: TakeStore, wavPath: string, signal?: AbortSignal): Promise<EpisodeFiles> {
  const timeline = completeTimeline(project);
  await fs.mkdir(path.dirname(wavPath), { recursive: true });
  const writer = await WavWriter.create(wavPath, { sampleRate: project.sampleRate, channels: 1, bitDepth: 16 });
  try {
    for await (const block of assembleEpisode(project, store, signal)) await writer.write(block);
    const result = await writer.close();
    if (result.durationSamples !== timeline.totalSamples) {
      throw new Error(`episode length ${result.durationSamples} differs from its timeline ${timeline.totalSamples}`);
    }
  } catch (error) {
    await writer.abort();
    throw error;
  }
  const turns = timedTurns(project);
  const transcripts = await writeTranscriptFiles(project, turns, wavPath.replace(/\.[^./\\]+$/, ''), ['srt', 'vtt', 'json']);
  return { wav: wavPath, transcripts, totalSamples: timeline.totalSamples, turns };
}
