#!/usr/bin/env python3
"""Independent OpenAI-compatible speech server (interoperability test double).

Written from OpenAI's published API reference only:
  * Create speech   https://developers.openai.com/api/reference/resources/audio/subresources/speech/methods/create
                    (older URL: https://platform.openai.com/docs/api-reference/audio/createSpeech)
  * Speech stream events (speech.audio.delta / speech.audio.done), from the same
    reference's "stream of audio events" return type (SpeechAudioDeltaEvent,
    SpeechAudioDoneEvent with usage {input_tokens, output_tokens, total_tokens}).
  * List models     https://developers.openai.com/api/reference/resources/models/methods/list
  * pcm format: raw 24 kHz, 16-bit signed little-endian, mono, no header
    (text-to-speech guide, https://developers.openai.com/api/docs/guides/text-to-speech).

Standard library only (Python 3.11).  Audio is produced by the `espeak-ng` CLI
(run without a shell, text on stdin) and resampled to 24 kHz by linear
interpolation (audioop.ratecv when the stdlib still has it, i.e. <= 3.12,
otherwise a pure-Python interpolator giving the same samples).  mp3/opus/aac/flac are encoded with the `ffmpeg` CLI when it is
on PATH; otherwise those formats get a 400.

Choices where the spec is silent or ambiguous (see README.md for the full list):
  * stream_format "sse": the API reference only says "sse is not supported for
    tts-1 or tts-1-hd"; it does NOT restrict sse to pcm/wav.  So sse is refused
    (400, param stream_format) for tts-1 / tts-1-hd and accepted with every
    response_format for the other models.  The base64-decoded `audio` fields of
    all speech.audio.delta events, concatenated, are exactly the bytes of the
    file that a non-streaming request would return (for wav that includes the
    RIFF header in the first delta).
  * SSE framing: each event is a single `data: <json>\\n\\n` frame, no `event:`
    line, no `[DONE]` sentinel; the stream ends after speech.audio.done.
  * usage: input_tokens = ceil(chars/4) of input (+ instructions),
    output_tokens = ceil(audio_seconds * 20) -- an estimate, not OpenAI's meter.
  * JSON null for an optional field is treated as "absent".
  * Unknown body fields are ignored (not rejected).
  * instructions are accepted (string, max 4096) for every model and ignored by
    the synthesiser (the reference says they "do not work" with tts-1/-hd).
  * Voices: the 13 documented built-ins (incl. marin, cedar) each map to a
    distinct espeak-ng voice+variant; `{"id": "<built-in name>"}` is accepted,
    any other id is an unknown voice -> 400.
  * Unknown model -> 404, code "model_not_found" (as OpenAI sends it); only
    the models listed by GET /v1/models are served.
  * speed maps to espeak words-per-minute = 175 * speed, floored at espeak's
    minimum of 80 wpm, so speeds below ~0.46 are not slowed any further.
"""

from __future__ import annotations

import argparse
import base64
import hmac
import io
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import warnings
import wave
from array import array

# audioop (stdlib up to 3.12, deprecated) does the same linear interpolation in C,
# ~1000x faster than the pure-Python fallback below; used when present.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import audioop  # type: ignore
    except ImportError:  # Python >= 3.13
        audioop = None
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OUT_RATE = 24000
MAX_INPUT_CHARS = 4096
MAX_INSTRUCTIONS_CHARS = 4096
MAX_BODY_BYTES = 1 << 20
BASE_WPM = 175
MIN_WPM = 80

MODELS = ["tts-1", "gpt-4o-mini-tts"]
NO_SSE_MODELS = {"tts-1", "tts-1-hd"}

VOICES = {
    "alloy": "en-us+f3",
    "ash": "en-us+m3",
    "ballad": "en+m4",
    "coral": "en-us+f4",
    "echo": "en+m3",
    "fable": "en-gb-x-rp+m2",
    "onyx": "en-us+m7",
    "nova": "en-us+f2",
    "sage": "en+f3",
    "shimmer": "en-us+f5",
    "verse": "en-029+m1",
    "marin": "en-gb-scotland+f1",
    "cedar": "en-us-nyc+m5",
}

CONTENT_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/opus",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}

FFMPEG_ARGS = {
    "mp3": ["-c:a", "libmp3lame", "-b:a", "64k", "-f", "mp3"],
    "opus": ["-c:a", "libopus", "-b:a", "32k", "-f", "ogg"],
    "aac": ["-c:a", "aac", "-b:a", "64k", "-f", "adts"],
    "flac": ["-c:a", "flac", "-f", "flac"],
}

STREAM_CHUNK = 8192          # bytes per chunk for chunked transfer
SSE_CHUNK = 12000            # raw bytes per speech.audio.delta (0.25 s of pcm)


class ApiError(Exception):
    def __init__(self, status: int, message: str, param: str | None = None,
                 code: str | None = None, etype: str = "invalid_request_error"):
        super().__init__(message)
        self.status, self.message, self.param, self.code, self.etype = (
            status, message, param, code, etype)

    def body(self) -> bytes:
        return json.dumps({"error": {"message": self.message, "type": self.etype,
                                     "param": self.param, "code": self.code}}).encode()


# ---------------------------------------------------------------- validation

def _is_number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def validate(body) -> dict:
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.")

    def opt(name):
        v = body.get(name)
        return None if v is None else v

    model = opt("model")
    if model is None:
        raise ApiError(400, "Missing required parameter: 'model'.", "model")
    if not isinstance(model, str):
        raise ApiError(400, f"Invalid type for 'model': expected a string, but got {type(model).__name__}.", "model")

    inp = opt("input")
    if inp is None:
        raise ApiError(400, "Missing required parameter: 'input'.", "input")
    if not isinstance(inp, str):
        raise ApiError(400, f"Invalid type for 'input': expected a string, but got {type(inp).__name__}.", "input")
    if len(inp) > MAX_INPUT_CHARS:
        raise ApiError(400, f"Invalid 'input': string too long. Expected a string with maximum length {MAX_INPUT_CHARS}, but got a string with length {len(inp)} instead.", "input")

    voice = opt("voice")
    if voice is None:
        raise ApiError(400, "Missing required parameter: 'voice'.", "voice")
    if isinstance(voice, dict):
        vid = voice.get("id")
        if not isinstance(vid, str):
            raise ApiError(400, "Invalid 'voice': a voice object must have a string 'id'.", "voice")
        voice_name = vid
    elif isinstance(voice, str):
        voice_name = voice
    else:
        raise ApiError(400, f"Invalid type for 'voice': expected a string or an object with an 'id', but got {type(voice).__name__}.", "voice")
    if voice_name not in VOICES:
        raise ApiError(400, f"Invalid value for 'voice': '{voice_name}'. Supported values are: " + ", ".join(f"'{v}'" for v in VOICES) + ".", "voice")

    instructions = opt("instructions")
    if instructions is not None:
        if not isinstance(instructions, str):
            raise ApiError(400, f"Invalid type for 'instructions': expected a string, but got {type(instructions).__name__}.", "instructions")
        if len(instructions) > MAX_INSTRUCTIONS_CHARS:
            raise ApiError(400, f"Invalid 'instructions': string too long. Expected a string with maximum length {MAX_INSTRUCTIONS_CHARS}, but got a string with length {len(instructions)} instead.", "instructions")

    fmt = opt("response_format")
    if fmt is None:
        fmt = "mp3"
    if not isinstance(fmt, str):
        raise ApiError(400, f"Invalid type for 'response_format': expected a string, but got {type(fmt).__name__}.", "response_format")
    if fmt not in CONTENT_TYPES:
        raise ApiError(400, f"Invalid value for 'response_format': '{fmt}'. Supported values are: 'mp3', 'opus', 'aac', 'flac', 'wav', and 'pcm'.", "response_format")

    speed = opt("speed")
    if speed is None:
        speed = 1.0
    if not _is_number(speed):
        raise ApiError(400, f"Invalid type for 'speed': expected a number, but got {type(speed).__name__}.", "speed")
    if not (0.25 <= speed <= 4.0) or math.isnan(speed):
        raise ApiError(400, f"Invalid 'speed': {speed} is out of range. Expected a value between 0.25 and 4.0.", "speed")

    sfmt = opt("stream_format")
    if sfmt is None:
        sfmt = "audio"
    if not isinstance(sfmt, str):
        raise ApiError(400, f"Invalid type for 'stream_format': expected a string, but got {type(sfmt).__name__}.", "stream_format")
    if sfmt not in ("audio", "sse"):
        raise ApiError(400, f"Invalid value for 'stream_format': '{sfmt}'. Supported values are: 'sse' and 'audio'.", "stream_format")

    # Model existence is checked after the shape of the request (400 before 404).
    if model not in MODELS:
        raise ApiError(404, f"The model `{model}` does not exist or you do not have access to it.", None, "model_not_found")
    if sfmt == "sse" and model in NO_SSE_MODELS:
        raise ApiError(400, f"stream_format 'sse' is not supported for model '{model}'.", "stream_format")
    if fmt in FFMPEG_ARGS and shutil.which("ffmpeg") is None:
        raise ApiError(400, f"response_format '{fmt}' is not available on this server (ffmpeg not installed); use 'wav' or 'pcm'.", "response_format")

    return {"model": model, "input": inp, "voice": voice_name, "instructions": instructions or "",
            "format": fmt, "speed": float(speed), "stream_format": sfmt}


# ---------------------------------------------------------------- audio

def parse_wav(data: bytes) -> tuple[int, int, int, bytes]:
    """Return (rate, channels, bits, pcm) from a RIFF WAV whose size fields may be bogus
    (espeak-ng --stdout writes 0x7ffff000 placeholders)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ValueError("not a WAV stream")
    pos, rate, ch, bits = 12, None, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if cid == b"fmt ":
            _, ch, rate, _, _, bits = struct.unpack("<HHIIHH", data[pos + 8:pos + 24])
        elif cid == b"data":
            pcm = data[pos + 8:pos + 8 + size] if pos + 8 + size <= len(data) else data[pos + 8:]
            return rate, ch, bits, pcm[: len(pcm) - len(pcm) % 2]
        pos += 8 + size + (size & 1)
    raise ValueError("no data chunk")


def resample_linear(pcm: bytes, src_rate: int, dst_rate: int) -> bytes:
    """Linear-interpolation resampler for s16 mono PCM (native-endian array work,
    little-endian bytes in and out).  Output sample j sits at input position
    j * src_rate / dst_rate.  Done per phase of the rational ratio so that the
    inner loops are list comprehensions over slices (4096 chars of text resample
    in well under a second)."""
    src = array("h")
    src.frombytes(pcm)
    if sys.byteorder == "big":
        src.byteswap()
    n = len(src)
    if n == 0 or src_rate == dst_rate:
        out = src
    elif audioop is not None:
        m = max(1, int(round(n * dst_rate / src_rate)))
        out = array("h")
        out.frombytes(audioop.ratecv(src.tobytes(), 2, 1, src_rate, dst_rate, None)[0])
        if len(out) < m:
            out.extend([out[-1] if len(out) else 0] * (m - len(out)))
        del out[m:]
    else:
        g = math.gcd(src_rate, dst_rate)
        P, Q = dst_rate // g, src_rate // g      # P outputs per Q inputs
        m = max(1, int(round(n * dst_rate / src_rate)))
        padded = src.tolist() + [src[-1]] * (Q + 2)
        outl = [0] * m
        for p in range(min(P, m)):
            ip, rem = divmod(p * Q, P)
            cnt = len(range(p, m, P))
            a = padded[ip: ip + Q * cnt: Q]
            if rem == 0:
                outl[p::P] = a
            else:
                b = padded[ip + 1: ip + 1 + Q * cnt: Q]
                wa, half = P - rem, P // 2
                outl[p::P] = [(x * wa + y * rem + half) // P for x, y in zip(a, b)]
        out = array("h", outl)
    if sys.byteorder == "big":
        out.byteswap()
    return out.tobytes()


def synthesize(text: str, voice: str, speed: float) -> bytes:
    """24 kHz s16le mono PCM for text."""
    if not text.strip():
        return b""
    wpm = max(MIN_WPM, int(round(BASE_WPM * speed)))
    proc = subprocess.run(
        ["espeak-ng", "-v", VOICES[voice], "-s", str(wpm), "--stdout"],
        input=text.encode("utf-8"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=120, check=False)
    if proc.returncode != 0 or not proc.stdout:
        raise ApiError(500, "Speech synthesis failed: " + proc.stderr.decode("utf-8", "replace")[:200],
                       None, None, "server_error")
    rate, ch, bits, pcm = parse_wav(proc.stdout)
    if bits != 16:
        raise ApiError(500, f"Unexpected synthesiser sample width {bits}", None, None, "server_error")
    if ch != 1:  # downmix: take the first channel
        a = array("h"); a.frombytes(pcm)
        pcm = a[::ch].tobytes()
    return resample_linear(pcm, rate, OUT_RATE)


def wav_bytes(pcm: bytes) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(OUT_RATE)
        w.writeframes(pcm)
    return buf.getvalue()


def encode(pcm: bytes, fmt: str) -> bytes:
    if fmt == "pcm":
        return pcm
    if fmt == "wav":
        return wav_bytes(pcm)
    cmd = ["ffmpeg", "-hide_banner", "-loglevel", "error",
           "-f", "s16le", "-ar", str(OUT_RATE), "-ac", "1", "-i", "pipe:0",
           *FFMPEG_ARGS[fmt], "-y"]
    # Encode to a seekable temp file (not a pipe) so ffmpeg can finalise headers
    # (FLAC STREAMINFO sample count, MP3 Xing/LAME frame).
    with tempfile.TemporaryDirectory(prefix="indep-tts-") as d:
        out = os.path.join(d, "out." + fmt)
        proc = subprocess.run(cmd + [out], input=pcm, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=120, check=False)
        if proc.returncode != 0:
            raise ApiError(500, f"Encoding to {fmt} failed: " + proc.stderr.decode("utf-8", "replace")[:200],
                           None, None, "server_error")
        with open(out, "rb") as fh:
            return fh.read()


def usage(req: dict, pcm: bytes) -> dict:
    inp = math.ceil(len(req["input"]) / 4) + math.ceil(len(req["instructions"]) / 4)
    out = math.ceil(len(pcm) / 2 / OUT_RATE * 20)
    return {"input_tokens": inp, "output_tokens": out, "total_tokens": inp + out}


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "independent-speech/1.0"
    api_key: str | None = None
    quiet = False

    def log_message(self, fmt, *args):
        if not self.quiet:
            sys.stderr.write("%s - %s\n" % (self.address_string(), fmt % args))

    # -- helpers
    def _send_json(self, status: int, obj=None, raw: bytes | None = None):
        data = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _send_error(self, e: ApiError):
        self._send_json(e.status, raw=e.body())

    def _start_chunked(self, status: int, ctype: str, extra: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Transfer-Encoding", "chunked")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()

    def _chunk(self, data: bytes):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

    def _end_chunked(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _check_auth(self) -> bool:
        if not self.api_key:
            return True
        h = self.headers.get("Authorization", "")
        if not h:
            self._send_error(ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", None, None))
            return False
        scheme, _, token = h.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), self.api_key.encode()):
            self._send_error(ApiError(401, "Incorrect API key provided.", None, "invalid_api_key"))
            return False
        return True

    def _read_body(self) -> bytes:
        te = self.headers.get("Transfer-Encoding", "").lower()
        if "chunked" in te:
            out = bytearray()
            while True:
                line = self.rfile.readline(1024)
                size = int(line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                if len(out) + size > MAX_BODY_BYTES:
                    raise ApiError(413, "Request body too large.")
                out += self.rfile.read(size)
                self.rfile.readline(1024)
        n = int(self.headers.get("Content-Length") or 0)
        if n > MAX_BODY_BYTES:
            raise ApiError(413, "Request body too large.")
        return self.rfile.read(n) if n else b""

    def _path(self) -> str:
        p = self.path.split("?", 1)[0]
        return p.rstrip("/") or "/"

    # -- routes
    def do_GET(self):
        if not self._check_auth():
            return
        p = self._path()
        if p == "/v1/models":
            self._send_json(200, {"object": "list", "data": [
                {"id": m, "object": "model", "created": 0, "owned_by": "independent"} for m in MODELS]})
        elif p.startswith("/v1/models/"):
            mid = p[len("/v1/models/"):]
            if mid in MODELS:
                self._send_json(200, {"id": mid, "object": "model", "created": 0, "owned_by": "independent"})
            else:
                self._send_error(ApiError(404, f"The model `{mid}` does not exist or you do not have access to it.", None, "model_not_found"))
        elif p == "/v1/audio/speech":
            self._send_error(ApiError(405, "Method GET not allowed for /v1/audio/speech; use POST."))
        else:
            self._send_error(ApiError(404, f"Invalid URL (GET {self.path})"))

    def do_POST(self):
        try:
            body = self._read_body()
        except ApiError as e:
            self.close_connection = True
            self._send_error(e)
            return
        except Exception:
            self.close_connection = True
            self._send_error(ApiError(400, "Could not read the request body."))
            return
        if not self._check_auth():
            return
        p = self._path()
        if p != "/v1/audio/speech":
            if p == "/v1/models":
                self._send_error(ApiError(405, "Method POST not allowed for /v1/models; use GET."))
            else:
                self._send_error(ApiError(404, f"Invalid URL (POST {self.path})"))
            return
        try:
            try:
                req = json.loads(body.decode("utf-8")) if body else None
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise ApiError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)")
            if req is None:
                raise ApiError(400, "The request body must be a JSON object.")
            r = validate(req)
            pcm = synthesize(r["input"], r["voice"], r["speed"])
            audio = encode(pcm, r["format"])
        except ApiError as e:
            self._send_error(e)
            return
        except subprocess.TimeoutExpired:
            self._send_error(ApiError(500, "Speech synthesis timed out.", None, None, "server_error"))
            return

        if r["stream_format"] == "sse":
            self._start_chunked(200, "text/event-stream", {"Cache-Control": "no-cache"})
            for i in range(0, len(audio), SSE_CHUNK):
                ev = {"type": "speech.audio.delta",
                      "audio": base64.b64encode(audio[i:i + SSE_CHUNK]).decode("ascii")}
                self._chunk(b"data: " + json.dumps(ev).encode() + b"\n\n")
            done = {"type": "speech.audio.done", "usage": usage(r, pcm)}
            self._chunk(b"data: " + json.dumps(done).encode() + b"\n\n")
            self._end_chunked()
        else:
            self._start_chunked(200, CONTENT_TYPES[r["format"]])
            for i in range(0, len(audio), STREAM_CHUNK):
                self._chunk(audio[i:i + STREAM_CHUNK])
            self._end_chunked()

    def _not_allowed(self):
        self._read_body_quietly()
        self._send_error(ApiError(405, f"Method {self.command} not allowed."))

    def _read_body_quietly(self):
        try:
            self._read_body()
        except Exception:
            self.close_connection = True

    do_PUT = do_DELETE = do_PATCH = _not_allowed


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client hanging up mid-response (e.g. `curl | head`) is not a server error.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Independent OpenAI-compatible speech server (espeak-ng).")
    ap.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (0 = pick a free port)")
    ap.add_argument("--api-key", default=None, help="require 'Authorization: Bearer KEY' on every request")
    ap.add_argument("--quiet", action="store_true", help="no access log on stderr")
    a = ap.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        sys.stderr.write("espeak-ng not found on PATH\n")
        return 2
    Handler.api_key = a.api_key
    Handler.quiet = a.quiet
    srv = Server(("127.0.0.1", a.port), Handler)
    sys.stdout.write(f"LISTENING http://127.0.0.1:{srv.server_address[1]}\n")
    sys.stdout.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
