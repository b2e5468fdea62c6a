"""The consume loop around a broker outage, with a fake consumer and producer (the real path
is tests/integration/test_faults.py, which restarts a real broker)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from aiokafka import TopicPartition
from aiokafka.errors import KafkaTimeoutError
from aiokafka.structs import ConsumerRecord

from services.kernel.consume import ConsumeLoop, Outgoing
from services.kernel.errors import BrokerUnavailable
from services.kernel.kafka import ConnectivityWatch
from services.kernel.metrics import KernelMetrics, new_registry

TP = TopicPartition("in", 0)


def record(offset: int) -> ConsumerRecord:
    return ConsumerRecord("in", 0, offset, 0, 0, b"k", b"v%d" % offset, None, 1, 2, [])


class FakeConsumer:
    def __init__(self, batches: list[list[ConsumerRecord]], committed: int | None = None) -> None:
        self.batches = batches
        self.fetches = 0
        self.commits: list[int] = []
        self.seeks: list[object] = []
        self._committed = committed

    async def getmany(self, timeout_ms: int, max_records: int):
        self.fetches += 1
        await asyncio.sleep(0)
        return {TP: self.batches.pop(0)} if self.batches else {}

    async def commit(self, offsets) -> None:
        self.commits.append(offsets[TP].offset)

    def assignment(self) -> set[TopicPartition]:
        return {TP}

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append(offset)

    async def seek_to_beginning(self, *tps: TopicPartition) -> None:
        self.seeks.append("beginning")

    async def committed(self, tp: TopicPartition) -> int | None:
        return self._committed

    def highwater(self, tp: TopicPartition) -> None:
        return None


class FakeProducer:
    """Acknowledges at once; ``during_send`` runs before each acknowledgement."""

    def __init__(self, during_send=lambda: None) -> None:
        self.sent: list[bytes] = []
        self.during_send = during_send

    async def send(self, topic, value, key=None, headers=None):
        self.sent.append(value)
        self.during_send()
        done = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


class Link:
    def __init__(self, connected: bool = True) -> None:
        self.connected = connected
        self.epoch = 0


async def echo(record: ConsumerRecord):
    return [Outgoing("out", record.value, key=record.key)]


def loop_for(consumer, producer, link) -> ConsumeLoop:
    return ConsumeLoop("test", consumer, producer, echo, KernelMetrics(new_registry()), link=link)


async def run_for(loop: ConsumeLoop, seconds: float) -> None:
    task = asyncio.create_task(loop.run())
    await asyncio.sleep(seconds)
    loop.stop()
    await asyncio.wait_for(task, 5)


async def test_loop_fetches_nothing_while_kafka_is_unreachable():
    consumer = FakeConsumer([[record(0)]])
    loop = loop_for(consumer, FakeProducer(), Link(connected=False))
    await run_for(loop, 0.5)
    assert consumer.fetches == 0 and consumer.commits == []


async def test_loop_commits_each_batch_after_its_acknowledgements():
    consumer = FakeConsumer([[record(0), record(1)], [record(2)]])
    producer = FakeProducer()
    await run_for(loop_for(consumer, producer, Link()), 0.3)
    assert producer.sent == [b"v0", b"v1", b"v2"]
    assert consumer.commits == [2, 3]


async def test_batch_that_straddled_an_outage_is_neither_committed_nor_rewound():
    link = Link()

    def outage() -> None:  # the connection is lost and regained while the batch is in flight
        link.epoch += 2

    consumer = FakeConsumer([[record(7), record(8)]])
    await run_for(loop_for(consumer, FakeProducer(during_send=outage), link), 0.3)
    assert consumer.commits == []
    assert consumer.seeks == []  # positions are resync()'s business, not the old batch's


async def test_batch_that_failed_without_an_outage_is_read_again_from_its_first_offset():
    class Refusing(FakeProducer):
        async def send(self, topic, value, key=None, headers=None):
            raise KafkaTimeoutError()

    consumer = FakeConsumer([[record(4), record(5)]])
    await run_for(loop_for(consumer, Refusing(), Link()), 0.3)
    assert consumer.commits == [] and consumer.seeks == [4]


async def test_resync_seeks_to_the_committed_offset():
    consumer = FakeConsumer([], committed=12)
    await loop_for(consumer, FakeProducer(), Link()).resync()
    assert consumer.seeks == [12]


async def test_resync_reads_from_the_beginning_where_the_broker_has_no_offset():
    consumer = FakeConsumer([], committed=None)  # a broker that came back empty
    await loop_for(consumer, FakeProducer(), Link()).resync()
    assert consumer.seeks == ["beginning"]


class FakeClient:
    def __init__(self) -> None:
        self.up = True
        self.refreshed = 0

    async def fetch_all_metadata(self) -> None:
        if not self.up:
            raise OSError("connection refused")

    async def force_metadata_update(self) -> bool:
        self.refreshed += 1
        return True


async def test_watch_recreates_then_refreshes_metadata_before_it_says_connected():
    client = FakeClient()
    calls: list[str] = []

    async def on_reconnect() -> None:
        calls.append(f"recreate (refreshed {client.refreshed})")

    watch = ConnectivityWatch(SimpleNamespace(client=client), on_reconnect, interval=0.05)
    watch.start()
    try:
        client.up = False
        await asyncio.sleep(0.2)
        assert not watch.connected and watch.epoch == 1
        client.up = True
        await asyncio.sleep(0.2)
        assert watch.connected and watch.epoch == 2
        assert calls == ["recreate (refreshed 0)"] and client.refreshed == 1
    finally:
        await watch.stop()


async def test_watch_stays_disconnected_while_reconnect_work_fails():
    client = FakeClient()

    async def refuse() -> None:
        raise BrokerUnavailable("cannot create topics")

    watch = ConnectivityWatch(SimpleNamespace(client=client), refuse, interval=0.05)
    watch.start()
    try:
        client.up = False
        await asyncio.sleep(0.2)
        client.up = True
        await asyncio.sleep(0.2)
        assert not watch.connected and watch.epoch == 1
    finally:
        await watch.stop()
