# NotifyBridge container image: built with the .NET SDK and run on the ASP.NET Core
# runtime image as the non-root `app` user (UID 1654).
#
#   docker build -t notifybridge .
#   docker run -d --name notifybridge -p 8080:8080 -v notifybridge-data:/data notifybridge
#   docker exec -it notifybridge dotnet NotifyBridge.Web.dll create-admin ...   # operator CLI
#
# /data holds the SQLite database, its pre-migration snapshots (backups/) and the Data
# Protection key ring (keys/). Back it up as a whole: the keys decrypt the stored secrets.
# A named volume inherits the ownership set below; a bind mount keeps the host's, so
# `chown 1654:1654` the host directory first.
# PostgreSQL instead of SQLite: -e Database__Provider=postgres -e Database__ConnectionString=...

# ---- build -------------------------------------------------------------------------------
# global.json asks for SDK 10.0.401 or a later feature band (rollForward: latestFeature).
# The floating sdk:10.0 tag carries the newest 10.0 feature band, so it satisfies that;
# pin a full tag (e.g. sdk:10.0.401) when the build must be byte-for-byte reproducible.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the files that decide the package graph only, so this layer (and the
# downloaded packages in it) is reused until a project file or a package version changes.
COPY global.json Directory.*.props *.sln ./
COPY src/NotifyBridge.Domain/NotifyBridge.Domain.csproj src/NotifyBridge.Domain/
COPY src/NotifyBridge.Infrastructure/NotifyBridge.Infrastructure.csproj src/NotifyBridge.Infrastructure/
COPY src/NotifyBridge.Web/NotifyBridge.Web.csproj src/NotifyBridge.Web/
RUN dotnet restore src/NotifyBridge.Web/NotifyBridge.Web.csproj

# .editorconfig carries analyzer severities; warnings are errors, so the build needs it.
COPY .editorconfig ./
COPY src/ src/
# Framework-dependent and portable (runs on amd64 and arm64 images alike). No apphost: the
# entrypoint is `dotnet NotifyBridge.Web.dll`.
RUN dotnet publish src/NotifyBridge.Web/NotifyBridge.Web.csproj -c Release -o /app \
        --no-restore -p:UseAppHost=false

# ---- runtime -----------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

# Create the data directory owned by the app user before declaring the volume (changes made
# to a path after VOLUME are discarded), so a fresh named volume starts out writable.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data

# The application files stay owned by root: the app user can read them, not change them.
COPY --from=build /app ./

# The base image sets ASPNETCORE_HTTP_PORTS=8080; it is cleared so that ASPNETCORE_URLS is
# the single source of the binding (otherwise Kestrel warns "Overriding HTTP_PORTS").
ENV Storage__DataDirectory=/data \
    ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=""

VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID

# Liveness probe without curl or wget (the aspnet image has neither): bash, which the image
# has (aspnet:10.0 is Ubuntu 24.04), opens a TCP connection through /dev/tcp, sends a minimal
# HTTP/1.0 request and accepts only a "200" status line. We chose this over
# `apt-get install curl` because it adds no package, no layer and no CVE surface, and needs no
# network at build time; the price is that it needs bash (chiseled and Alpine images have
# none; switch the probe there).
# /api/health is liveness and never touches the database; orchestrators that route traffic
# should also wait for /api/ready (503 until migrations are applied).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /api/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && IFS= read -r status <&3 && [[ $status == 'HTTP/1.1 200'* ]]"]

ENTRYPOINT ["dotnet", "NotifyBridge.Web.dll"]
