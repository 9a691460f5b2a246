# syntax=docker/dockerfile:1
# Multi-stage: dependencies, then the web build and the server compiled to JavaScript, then a slim
# runtime as a non-root user. The runtime runs the same start path as `npm start` and the tests
# (server/main.ts, compiled: no tsx at run time). Node 24 is the active LTS (Node 20 ended in April 2026).

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci

FROM deps AS build
COPY . .
RUN npm run build:web && npx tsc -p tsconfig.build.json

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/tmp/hailong \
    WEB_BUILD_ON_START=false
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/web/dist ./web/dist
# Compiled server and domain in place of the sources, so paths relative to them (migrations/) hold.
COPY --from=build /app/build/server ./server
COPY --from=build /app/build/domain ./domain
COPY migrations ./migrations
COPY survey-definitions ./survey-definitions
COPY demo ./demo
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "server/main.js"]
