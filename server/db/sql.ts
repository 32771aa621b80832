// SQL fragments shared by the routes.

/** A timestamptz as an ISO 8601 string with microseconds: checkpoints must not lose precision. */
export const isoUs = (col: string) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
