/**
 * Podcast delivery extras, read back by independent tools: ffprobe reads the MP3's ID3 tags, APIC and
 * CHAP/CTOC chapters; metaflac (Debian's flac, when installed) the FLAC's Vorbis comments and PICTURE block;
 * the Podcasting 2.0 chapters JSON is checked against the shape its spec gives.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { cliRunner } from './testing/run-cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-tags-'));
const env = { ...process.env, ROUNDTABLE_DATA_DIR: path.join(work, 'data'), ROUNDTABLE_FAULTS: '' };
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const run = cliRunner(env, work);
const hasMetaflac = spawnSync('metaflac', ['--version']).status === 0;

/** podcast namespace, chapters/jsonChapters.md: version and chapters required; startTime (seconds) per chapter. */
const PodcastChapters = z
  .object({
    version: z.literal('1.2.0'),
    title: z.string().optional(),
    podcastName: z.string().optional(),
    fileName: z.string().optional(),
    chapters: z.array(
      z
        .object({ startTime: z.number().nonnegative(), endTime: z.number().optional(), title: z.string() })
        .strict(),
    ),
  })
  .strict();

function setUp(): { script: string; artwork: string } {
  const script = path.join(work, 'pilot.txt');
  fs.writeFileSync(
    script,
    '# Opening\nHost: Welcome to the show.\n# The interview\nGuest: Thank you, it is good to be here.\n',
  );
  const artwork = path.join(work, 'cover.png');
  execFileSync('ffmpeg', [
    '-loglevel',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=blue:s=32x32',
    '-frames:v',
    '1',
    artwork,
  ]);
  return { script, artwork };
}

const TAGS = ['--title', 'Pilot', '--show', 'The Roundtable', '--episode-number', '7'];

describe('episode tags and chapters', () => {
  it('writes ID3 title, show, number, cover art and chapters into the MP3, and the chapters JSON beside it', () => {
    const { script, artwork } = setUp();
    const result = run(['render', script, '-o', path.join(work, 'pilot.mp3'), ...TAGS, '--artwork', artwork]);
    expect(result.code, result.stderr).toBe(0);
    const probe = JSON.parse(
      execFileSync(
        'ffprobe',
        [
          '-v',
          'error',
          '-print_format',
          'json',
          '-show_format',
          '-show_chapters',
          '-show_streams',
          path.join(work, 'pilot.mp3'),
        ],
        { encoding: 'utf8' },
      ),
    ) as {
      format: { tags: Record<string, string> };
      chapters: { start_time: string; tags: { title: string } }[];
      streams: { codec_name: string; disposition?: { attached_pic?: number } }[];
    };
    expect(probe.format.tags).toMatchObject({
      title: 'Pilot',
      album: 'The Roundtable',
      artist: 'The Roundtable',
      track: '7',
    });
    expect(probe.chapters.map((chapter) => chapter.tags.title)).toEqual(['Opening', 'The interview']);
    expect(
      probe.streams.some((stream) => stream.codec_name === 'png' && stream.disposition?.attached_pic === 1),
    ).toBe(true);
    const chapters = PodcastChapters.parse(
      JSON.parse(fs.readFileSync(path.join(work, 'pilot.chapters.json'), 'utf8')),
    );
    expect(chapters).toMatchObject({ title: 'Pilot', podcastName: 'The Roundtable', fileName: 'pilot.mp3' });
    expect(chapters.chapters.map((chapter) => chapter.title)).toEqual(['Opening', 'The interview']);
    // The JSON and the ID3 chapters agree to the millisecond.
    expect(chapters.chapters.map((chapter) => chapter.startTime)).toEqual(
      probe.chapters.map((chapter) => Number(chapter.start_time)),
    );
  });

  it.skipIf(!hasMetaflac)(
    'writes Vorbis comments and a front-cover PICTURE block into the FLAC (metaflac reads them)',
    () => {
      const { script, artwork } = setUp();
      const result = run([
        'render',
        script,
        '-o',
        path.join(work, 'pilot.flac'),
        ...TAGS,
        '--artwork',
        artwork,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const flac = path.join(work, 'pilot.flac');
      const tags = execFileSync('metaflac', ['--export-tags-to=-', flac], { encoding: 'utf8' });
      expect(tags).toContain('TITLE=Pilot\n');
      expect(tags).toContain('ALBUM=The Roundtable\n');
      expect(tags).toContain('TRACKNUMBER=7\n');
      const picture = path.join(work, 'picture.out');
      execFileSync('metaflac', [`--export-picture-to=${picture}`, flac]);
      expect(fs.readFileSync(picture).equals(fs.readFileSync(artwork))).toBe(true);
      expect(
        execFileSync('metaflac', ['--list', '--block-type=PICTURE', flac], { encoding: 'utf8' }),
      ).toMatch(/type: 3 \(Cover \(front\)\)/);
    },
  );

  it('refuses artwork that is not a PNG or JPEG', () => {
    const { script } = setUp();
    const notImage = path.join(work, 'cover.txt');
    fs.writeFileSync(notImage, 'hello');
    const result = run(['render', script, '-o', path.join(work, 'bad.mp3'), '--artwork', notImage]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not a PNG or JPEG image/);
  });
});
