# One image for the API, the worker and the migration job (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:ui

FROM node:20-bookworm-slim
ENV NODE_ENV=production TZ=Asia/Shanghai
WORKDIR /app
# fonts-noto-cjk and fonts-arphic-ukai: the typefaces of official documents (activities/documents/fonts.ts, ADR 0008).
RUN apt-get update && apt-get install -y --no-install-recommends curl fonts-noto-cjk fonts-arphic-ukai \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/admin-ui/dist ./admin-ui/dist
COPY api ./api
COPY activities ./activities
COPY workflows ./workflows
COPY domain ./domain
COPY db ./db
COPY config ./config
USER node
EXPOSE 8080
CMD ["npx", "tsx", "api/server.ts"]
