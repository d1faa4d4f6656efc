import asyncio
import logging
import signal
import threading
from concurrent.futures import ThreadPoolExecutor

from channels.layers import get_channel_layer
from django.core.management.base import BaseCommand, CommandError

from events import webhooks
from events.wakeup import WEBHOOK_GROUP

logger = logging.getLogger("aura.webhooks")


class Command(BaseCommand):
    help = (
        "Send queued webhook deliveries. Runs until stopped (SIGINT/SIGTERM); --once sends what is due "
        "and exits. Several may run at once: rows are claimed with SKIP LOCKED."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass over what is due now, then exit.")
        parser.add_argument("--concurrency", type=int, default=4, help="Deliveries sent in parallel (default 4).")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="Seconds between passes without a wake-up (default 1).")

    def handle(self, *args, once=False, concurrency=4, interval=1.0, **options):
        if concurrency < 1 or interval <= 0:
            raise CommandError("--concurrency must be >= 1 and --interval > 0")
        executor = ThreadPoolExecutor(concurrency, thread_name_prefix="webhook") if concurrency > 1 else None
        try:
            if once:
                sent = webhooks.run_pass(batch=concurrency * 4, executor=executor)
                self.stdout.write(f"tried {sent} deliveries")
                return
            self._serve(executor, concurrency, interval)
        finally:
            if executor is not None:
                executor.shutdown(wait=True)

    def _serve(self, executor, concurrency, interval):
        stop = threading.Event()
        woken = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: (stop.set(), woken.set()))
        threading.Thread(target=_listen, args=(woken, stop), daemon=True, name="webhook-wakeup").start()
        while not stop.is_set():
            woken.clear()
            try:
                webhooks.run_pass(batch=concurrency * 4, executor=executor)
            except Exception:
                logger.exception("webhook pass failed")
            woken.wait(interval)


def _listen(woken, stop):
    """Wake the sender when a commit queued deliveries (across processes with channels-redis)."""

    async def listen():
        layer = get_channel_layer()
        if layer is None:
            return
        while not stop.is_set():
            try:
                channel = await layer.new_channel()
                await layer.group_add(WEBHOOK_GROUP, channel)
                while not stop.is_set():
                    await layer.receive(channel)
                    woken.set()
            except Exception:
                logger.warning("webhook wake-up listener failed; passes still run every interval", exc_info=True)
                await asyncio.sleep(1)

    asyncio.run(listen())
