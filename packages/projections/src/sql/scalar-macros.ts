/**
 * Asia/Ho_Chi_Minh has been UTC+7 without daylight saving since 1975, so local dates are plain
 * microsecond arithmetic: exact, independent of the session's time zone, and much cheaper per row
 * than an ICU conversion.
 */
const OFFSET_US = '25200000000';

export const SCALAR_MACROS = [
  `CREATE OR REPLACE MACRO cchc_local_date(ts) AS CAST(make_timestamp(epoch_us(ts) + ${OFFSET_US}) AS DATE)`,
  `CREATE OR REPLACE MACRO cchc_day_end(d) AS make_timestamptz(epoch_us(CAST(d AS TIMESTAMP)) + 86399999000 - ${OFFSET_US})`,
];
