-- One database per service (DESIGN.md, "Data"): no service can read another's tables.
-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d).
CREATE DATABASE revmod_lots;
CREATE DATABASE revmod_reviews;
CREATE DATABASE revmod_nominations;
CREATE DATABASE revmod_notifications;
CREATE DATABASE revmod_accounts;
CREATE DATABASE revmod_survey;
