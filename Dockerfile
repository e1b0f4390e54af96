# flyte-event-egress: one image, one executable (flyte-egress).
FROM node:22-slim AS build
WORKDIR /app
COPY . .
# `npm ci` runs the package's prepare script, which generates src/gen from Flyte's .proto files
# and compiles to dist (npm run generate && npm run build).
RUN npm ci --no-audit --no-fund \
 && test -f dist/cli/main.js \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN chmod +x dist/cli/main.js && ln -s /app/dist/cli/main.js /usr/local/bin/flyte-egress
USER node
# HTTP ingest and metrics/health listeners (configuration defaults).
EXPOSE 8080 9090
ENTRYPOINT ["flyte-egress"]
CMD ["run", "--config", "/etc/flyte-egress/config.yaml"]
