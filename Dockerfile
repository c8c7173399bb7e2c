# Terril: build the release binary, then run it in a small Debian image as a non-root user.
#   docker build -t terril .
#   docker run -p 8080:8080 -v terril-data:/app/data -e TERRIL_JWT_SECRET=... terril

# ---- build ----
FROM rust:1.95-bookworm AS builder
WORKDIR /src

# Dependency cache: build the dependencies against placeholder sources, so that a change
# to the code alone does not rebuild them. (If Cargo.toml ever names extra targets by
# path, such as [[test]] or [[bench]] or a build.rs, create placeholders for them here:
# benches/search.rs and benches/matching.rs are.)
COPY Cargo.toml Cargo.lock ./
RUN mkdir src benches \
    && echo 'fn main() {}' > src/main.rs \
    && echo 'fn main() {}' > benches/search.rs \
    && echo 'fn main() {}' > benches/matching.rs \
    && touch src/lib.rs \
    && cargo build --release --locked --bin terril \
    && rm -rf src benches \
        target/release/terril* \
        target/release/deps/terril-* \
        target/release/deps/libterril-* \
        target/release/.fingerprint/terril-*

COPY . .
RUN cargo build --release --locked --bin terril

# ---- run ----
FROM debian:bookworm-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libssl3 curl \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --gid 10001 terril \
    && useradd --uid 10001 --gid terril --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin terril \
    && mkdir -p /app/data \
    && chown -R terril:terril /app

WORKDIR /app

# The binary is self-contained: email templates, migrations and the OpenAPI document are
# compiled into it, so nothing else from the source tree is copied.
COPY --from=builder /src/target/release/terril /usr/local/bin/terril

# The outbox directory (emails as files when no SMTP host is set) defaults to data/outbox,
# relative to this working directory: /app/data/outbox, inside the volume.
# Production by default: without TERRIL_JWT_SECRET and an https:// TERRIL_PUBLIC_BASE_URL
# the image refuses to start.
ENV TERRIL_ENV=production \
    TERRIL_LISTEN=0.0.0.0:8080 \
    TERRIL_DATABASE_URL=/app/data/terril.db

EXPOSE 8080
VOLUME /app/data

HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1

USER terril
ENTRYPOINT ["terril"]
CMD ["serve"]
