-- server 18.16
-- 1 hits table
CREATE TABLE IF NOT EXISTS waymark.hits (
  ts DateTime('UTC'),
  hit_id UUID,
  batch_id UUID,
  code String,
  link_code String,
  touchpoint_code String,
  campaign String,
  channel String,
  stage Enum8('unknown' = 0, 'awareness' = 1, 'consideration' = 2, 'conversion' = 3, 'service' = 4, 'loyalty' = 5),
  source String,
  is_qr UInt8,
  variant String,
  status UInt16,
  device Enum8('unknown' = 0, 'desktop' = 1, 'mobile' = 2, 'tablet' = 3, 'tv' = 4, 'console' = 5, 'wearable' = 6, 'bot' = 7, 'other' = 8),
  os String,
  os_version String,
  browser String,
  browser_version String,
  traffic Enum8('human' = 0, 'bot' = 1, 'preview' = 2),
  bot_name String,
  country String,
  referrer_host String,
  utm_source String,
  utm_medium String,
  utm_campaign String,
  utm_term String,
  utm_content String,
  language String,
  visitor UInt64,
  visitor_month UInt64,
  received_at DateTime('UTC')
) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (campaign, toDate(ts), link_code, touchpoint_code, ts);
-- 2 hits_daily rollup
CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_daily ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic) AS SELECT toDate(ts) AS day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic, countState() AS hits, uniqState(visitor) AS visitors FROM waymark.hits GROUP BY day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic;
-- 3 hits_hourly rollup
CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_hourly ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(hour) ORDER BY (hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr) AS SELECT toStartOfHour(ts) AS hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr, count() AS hits FROM waymark.hits GROUP BY hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr;
-- 5 conversions table
CREATE TABLE IF NOT EXISTS waymark.conversions (
  ts DateTime('UTC'),
  hit_id UUID,
  code String,
  link_code String,
  touchpoint_code String,
  campaign String,
  channel String,
  stage Enum8('unknown' = 0, 'awareness' = 1, 'consideration' = 2, 'conversion' = 3, 'service' = 4, 'loyalty' = 5),
  source String,
  is_qr UInt8,
  variant String,
  status UInt16,
  device Enum8('unknown' = 0, 'desktop' = 1, 'mobile' = 2, 'tablet' = 3, 'tv' = 4, 'console' = 5, 'wearable' = 6, 'bot' = 7, 'other' = 8),
  os String,
  os_version String,
  browser String,
  browser_version String,
  traffic Enum8('human' = 0, 'bot' = 1, 'preview' = 2),
  bot_name String,
  country String,
  referrer_host String,
  utm_source String,
  utm_medium String,
  utm_campaign String,
  utm_term String,
  utm_content String,
  language String,
  visitor UInt64,
  visitor_month UInt64,
  type String,
  conversion_id String,
  value_micros Int64,
  currency String,
  reported_at DateTime('UTC')
) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (hit_id, type, conversion_id);
-- 6 hits_sample: the hits of 1 in 16 visitors
CREATE TABLE IF NOT EXISTS waymark.hits_sample AS waymark.hits ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (campaign, toDate(ts), link_code, touchpoint_code, ts);
CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_sample_feed TO waymark.hits_sample AS SELECT * FROM waymark.hits WHERE visitor_month % 16 = 0;
INSERT INTO waymark.hits_sample SELECT * FROM waymark.hits WHERE visitor_month % 16 = 0 AND hit_id NOT IN (SELECT hit_id FROM waymark.hits_sample);
-- server 24.8
-- 1 hits table
CREATE TABLE IF NOT EXISTS waymark.hits (
  ts DateTime('UTC'),
  hit_id UUID,
  batch_id UUID,
  code String,
  link_code String,
  touchpoint_code String,
  campaign LowCardinality(String),
  channel LowCardinality(String),
  stage Enum8('unknown' = 0, 'awareness' = 1, 'consideration' = 2, 'conversion' = 3, 'service' = 4, 'loyalty' = 5),
  source String,
  is_qr UInt8,
  variant String,
  status UInt16,
  device Enum8('unknown' = 0, 'desktop' = 1, 'mobile' = 2, 'tablet' = 3, 'tv' = 4, 'console' = 5, 'wearable' = 6, 'bot' = 7, 'other' = 8),
  os String,
  os_version String,
  browser String,
  browser_version String,
  traffic Enum8('human' = 0, 'bot' = 1, 'preview' = 2),
  bot_name String,
  country String,
  referrer_host String,
  utm_source String,
  utm_medium String,
  utm_campaign String,
  utm_term String,
  utm_content String,
  language String,
  visitor UInt64,
  visitor_month UInt64,
  received_at DateTime('UTC')
) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (campaign, toDate(ts), link_code, touchpoint_code, ts);
-- 2 hits_daily rollup
CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_daily ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(day) ORDER BY (day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic) AS SELECT toDate(ts) AS day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic, countState() AS hits, uniqState(visitor) AS visitors FROM waymark.hits GROUP BY day, campaign, link_code, touchpoint_code, channel, stage, source, device, traffic;
-- 3 hits_hourly rollup
CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_hourly ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(hour) ORDER BY (hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr) AS SELECT toStartOfHour(ts) AS hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr, count() AS hits FROM waymark.hits GROUP BY hour, campaign, link_code, touchpoint_code, channel, traffic, is_qr;
-- 4 hits insert deduplication window
ALTER TABLE waymark.hits MODIFY SETTING non_replicated_deduplication_window = 10000;
-- 5 conversions table
CREATE TABLE IF NOT EXISTS waymark.conversions (
  ts DateTime('UTC'),
  hit_id UUID,
  code String,
  link_code String,
  touchpoint_code String,
  campaign LowCardinality(String),
  channel LowCardinality(String),
  stage Enum8('unknown' = 0, 'awareness' = 1, 'consideration' = 2, 'conversion' = 3, 'service' = 4, 'loyalty' = 5),
  source String,
  is_qr UInt8,
  variant String,
  status UInt16,
  device Enum8('unknown' = 0, 'desktop' = 1, 'mobile' = 2, 'tablet' = 3, 'tv' = 4, 'console' = 5, 'wearable' = 6, 'bot' = 7, 'other' = 8),
  os String,
  os_version String,
  browser String,
  browser_version String,
  traffic Enum8('human' = 0, 'bot' = 1, 'preview' = 2),
  bot_name String,
  country String,
  referrer_host String,
  utm_source String,
  utm_medium String,
  utm_campaign String,
  utm_term String,
  utm_content String,
  language String,
  visitor UInt64,
  visitor_month UInt64,
  type String,
  conversion_id String,
  value_micros Int64,
  currency String,
  reported_at DateTime('UTC')
) ENGINE = ReplacingMergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (hit_id, type, conversion_id);
-- 6 hits_sample: the hits of 1 in 16 visitors
CREATE TABLE IF NOT EXISTS waymark.hits_sample AS waymark.hits ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (campaign, toDate(ts), link_code, touchpoint_code, ts);
CREATE MATERIALIZED VIEW IF NOT EXISTS waymark.hits_sample_feed TO waymark.hits_sample AS SELECT * FROM waymark.hits WHERE visitor_month % 16 = 0;
INSERT INTO waymark.hits_sample SELECT * FROM waymark.hits WHERE visitor_month % 16 = 0 AND hit_id NOT IN (SELECT hit_id FROM waymark.hits_sample);
