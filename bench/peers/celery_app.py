"""The Celery app of the peer benchmark: Redis as broker and result backend (REDIS_URL)."""
import os
import time

from celery import Celery

url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
app = Celery("celery_app", broker=url, backend=url)
app.conf.update(task_serializer="json", result_serializer="json", accept_content=["json"],
                worker_prefetch_multiplier=4, task_acks_late=False, result_expires=600,
                broker_connection_retry_on_startup=True)


@app.task(name="bench.noop")
def noop(x):
    return x


@app.task(name="bench.sleep")
def sleep10ms(x):
    time.sleep(0.01)
    return x
