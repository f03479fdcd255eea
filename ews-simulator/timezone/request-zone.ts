/**
 * Times in the core are plain numbers: `utc` is epoch milliseconds; `wall` is a zone's
 * wall-clock reading encoded the same way (its fields read as if they were UTC). Nothing
 * here looks at the machine's zone.
 */
export interface RequestZone {
  /** Windows id, IANA id or "Legacy" for the availability TimeZone element. */
  readonly id: string;
  toUtc(wall: number): number;
  toWall(utc: number): number;
}

export const UTC_ZONE: RequestZone = { id: "UTC", toUtc: (wall) => wall, toWall: (utc) => utc };
