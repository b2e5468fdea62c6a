# syntax=docker/dockerfile:1
# One image, three services: the Deployments pass `fetcher`, `extractor` or `publisher`;
# without an argument it runs the whole pipeline (`newsalert run`, embedded broker if no Kafka).
#
#   docker build -t newsalert .
#   docker run --rm -p 8000:8000 newsalert                  # the whole pipeline, demo
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=kafka:9092 newsalert fetcher

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: a wheel of newsalert and a virtual environment with it and its dependencies -------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
RUN python -m venv /opt/venv \
 && /opt/venv/bin/python -m pip install --upgrade pip wheel
# Dependencies first, from the project metadata only, so code changes reuse this layer.
COPY pyproject.toml README.md ./
RUN mkdir services && touch services/__init__.py \
 && /opt/venv/bin/python -m pip install . \
 && /opt/venv/bin/python -m pip uninstall --yes newsalert \
 && rm -rf services build ./*.egg-info
COPY services ./services
RUN /opt/venv/bin/python -m pip wheel --no-deps --wheel-dir /wheels . \
 && /opt/venv/bin/python -m pip install --no-deps /wheels/newsalert-*.whl \
 && /opt/venv/bin/newsalert --help >/dev/null

# --- runtime: the interpreter, the virtual environment, an unprivileged user; nothing else ------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="newsalert" \
      org.opencontainers.image.description="News feeds in, corroborated event alerts out, on Kafka"
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    NEWSALERT_LOG_FORMAT=json \
    NEWSALERT_HTTP_PORT=8000
RUN groupadd --system --gid 10001 newsalert \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin newsalert
COPY --from=builder /opt/venv /opt/venv
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
WORKDIR /tmp
EXPOSE 8000
# SIGTERM starts the drain (readiness off, finish in-flight work, flush, commit, close).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('NEWSALERT_HTTP_PORT', '8000') + '/healthz', timeout=2)"]
ENTRYPOINT ["newsalert"]
CMD ["run"]
