# syntax=docker/dockerfile:1
# Multi-stage: dependencies, then the web build, then a slim runtime as a non-root user.
# The runtime runs the same start path as `npm start` and the tests (server/main.ts).

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM deps AS build
COPY . .
RUN npm run build:web

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/tmp/hailong \
    WEB_BUILD_ON_START=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/web/dist ./web/dist
COPY tsconfig.json ./
COPY server ./server
COPY domain ./domain
COPY migrations ./migrations
COPY survey-definitions ./survey-definitions
COPY demo ./demo
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--import", "tsx", "server/main.ts"]
