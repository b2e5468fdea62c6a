"""How long a record waits for an idle consumer on the embedded broker, by ``fetch_max_wait_ms``.

Tansu does not answer a waiting fetch when a record arrives (Kafka does): an idle consumer sees a
new record only when its fetch times out. This sends one record every 137 ms to a consumer that
is waiting and prints the median and largest produce-to-consume delay for each setting, which is
why ``NEWSALERT_FETCH_MAX_WAIT_MS`` defaults to 100 rather than aiokafka's 500.

    .venv/bin/python bench/fetch_wait_bench.py
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from services.kernel.broker import EmbeddedBroker

RESULTS = Path(__file__).parent / "results"
SETTINGS_MS = (500, 100, 20)
RECORDS = 30


async def delays(bootstrap: str, wait_ms: int) -> list[float]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, linger_ms=5)
    await producer.start()
    topic = f"wait-{wait_ms}"
    await producer.send_and_wait(topic, b"first")
    consumer = AIOKafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=None,
                                auto_offset_reset="earliest", fetch_max_wait_ms=wait_ms)
    await consumer.start()
    try:
        await consumer.getone()
        seen = []
        for _ in range(RECORDS):
            await asyncio.sleep(0.137)
            await producer.send_and_wait(topic, repr(time.time()).encode())
            record = await consumer.getone()
            seen.append(time.time() - float(record.value))
        return seen
    finally:
        await consumer.stop()
        await producer.stop()


async def main() -> None:
    broker = EmbeddedBroker.start()
    rows = []
    try:
        for wait_ms in SETTINGS_MS:
            seen = await delays(broker.bootstrap, wait_ms)
            rows.append({"fetch_max_wait_ms": wait_ms, "median_ms": 1000 * statistics.median(seen),
                         "max_ms": 1000 * max(seen), "records": len(seen)})
            print(f"fetch_max_wait_ms={wait_ms}: median {rows[-1]['median_ms']:.1f} ms, "
                  f"max {rows[-1]['max_ms']:.1f} ms over {len(seen)} records", flush=True)
    finally:
        broker.stop()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "fetch_wait.json").write_bytes(orjson.dumps(rows, option=orjson.OPT_INDENT_2))


if __name__ == "__main__":
    asyncio.run(main())
