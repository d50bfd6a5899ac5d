"""Prints the reference sentencepiece's ids for each JSON line of stdin (a string) as JSON lines."""
import json
import sys

import sentencepiece as spm

processor = spm.SentencePieceProcessor(model_file=sys.argv[1])
for line in sys.stdin:
    print(json.dumps(processor.encode(json.loads(line))))
