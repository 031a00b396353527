# omnihub hub image: one image for both roles (OMNIHUB_ROLE=api | worker | all).
# Node 24 LTS runs the TypeScript sources directly (type stripping), so no build step is needed.
FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY connectors/ connectors/
COPY openapi/package.json openapi/
COPY cli/package.json cli/
COPY bench/package.json bench/
# Production dependencies only; the base image already provides Node 24.
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    OMNIHUB_HOST=0.0.0.0 \
    OMNIHUB_PORT=8080 \
    OMNIHUB_DATA_DIR=/var/lib/omnihub
WORKDIR /app
COPY --from=deps /app/node_modules node_modules
COPY . .
RUN mkdir -p /var/lib/omnihub && chown node:node /var/lib/omnihub
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.OMNIHUB_PORT||8080)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--conditions=omnihub-source", "openapi/src/main.ts"]
