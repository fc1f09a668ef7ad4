# Production image: gunicorn serves the portal; the same image runs Celery worker and beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext nodejs npm \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 portal
WORKDIR /app
# Only the locked, hashed runtime packages (make lock); the project itself needs no install.
COPY requirements.lock package.json package-lock.json ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock \
 && npm ci --omit=dev --no-audit --no-fund
COPY . .
# collectstatic and compilemessages need settings, not a database or a real secret.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 ALLOWED_HOSTS=build EMAIL_URL=smtp://localhost:25 \
    sh -c "python manage.py collectstatic --no-input && python manage.py compilemessages"
USER portal
EXPOSE 8000
CMD ["gunicorn", "sponsorship.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
