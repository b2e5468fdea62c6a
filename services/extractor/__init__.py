"""The extractor: article text in, asserted events out (shared/EVENTS.md).

Pipeline (all pure): language → sentences → triggers (rules/<lang>/*.yaml) → modality →
places (gazetteer + data/places.yaml) → actors (data/actors.yaml) → dates → de-duplication →
codes (data/codes.yaml). ``extract.Extractor`` is the entry point; ``app`` wires it to Kafka.
"""
