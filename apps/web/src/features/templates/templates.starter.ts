/** The text a new template starts from: small, valid, and showing the main fields. */
export const starterTemplateYaml = `# A template bundles one or more services. Edit it and watch the checks below.
name: my-web-app
displayName: My web app
description: A web frontend with a Redis cache.
category: web
version: 1.0.0
visibility: private

envVars:
  - name: GREETING
    description: Text shown on the home page
    default: Hello
  - name: API_TOKEN
    description: Token for the upstream API
    required: true
    secret: true

services:
  - name: web
    image: nginxdemos/hello:0.4
    ports:
      - containerPort: 80
        expose: true
    env:
      REDIS_URL: redis://cache:6379
    resources:
      requests: { cpu: 100m, memory: 128Mi }
      limits: { cpu: 500m, memory: 256Mi }
    healthCheck:
      http: { path: / }
  - name: cache
    image: redis:7-alpine
    ports:
      - containerPort: 6379
`;
