import { useEffect, useMemo, useState } from "react";
import { firstDayOf, lastDayOf, localDateOf, monthOf, type Slot, slotsByDay } from "./calendar-dates";
import { type ApiFailure, fetchSlots } from "./public-api";

export type MonthSlotsState =
  | { kind: "loading" }
  | { kind: "ready"; slots: Slot[] }
  | { kind: "failed"; failure: ApiFailure };

export interface MonthSlots {
  timeZone: string;
  month: string;
  /** Today in timeZone (YYYY-MM-DD): the first day worth asking for. */
  today: string;
  state: MonthSlotsState;
  /** The month's slots by local day, in timeZone. */
  days: Map<string, Slot[]>;
  /** The days that have at least one slot. */
  bookable: Set<string>;
  selectedDate: string | null;
  changeZone: (zone: string) => void;
  changeMonth: (month: string) => void;
  selectDate: (date: string) => void;
  /** Asks for the same month again (after a failure). */
  retry: () => void;
  /** A time was taken: the server's fresh slots of its day replace that day's, the others stay; the day is selected. */
  replaceDay: (input: { date: string; slots: Slot[] }) => void;
}

/**
 * A booking page's public slots one month at a time, in the zone the customer reads them in, and the day
 * they picked: the state the booking flow and the manage page's reschedule panel share. Changing the zone
 * or the month fetches again; a response that a newer request overtook is dropped.
 */
export function useMonthSlots(input: {
  slug: string;
  initialTimeZone: string;
  /** A day (YYYY-MM-DD) of the month to open on. */
  initialDate: string;
  /** A slot start to leave out: the customer's current booking, when moving it. */
  exclude?: string;
}): MonthSlots {
  const { slug, exclude } = input;
  const [timeZone, setTimeZone] = useState(input.initialTimeZone);
  const [month, setMonth] = useState(() => monthOf(input.initialDate));
  const [now, setNow] = useState(() => Date.now());
  const [state, setState] = useState<MonthSlotsState>({ kind: "loading" });
  const [reload, setReload] = useState(0);
  const [selectedDate, setSelectedDate] = useState<string | null>(null);
  const today = localDateOf({ instant: new Date(now), timeZone });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `reload` is how retry asks for the same month again
  useEffect(() => {
    // Plain YYYY-MM-DD strings: they compare as text, which Math.max cannot do.
    // biome-ignore lint/complexity/useMathMinMax: strings, not numbers
    const start = firstDayOf(month) < today ? today : firstDayOf(month);
    const end = lastDayOf(month);
    if (end < start) {
      setState({ kind: "ready", slots: [] });
      return;
    }
    const abort = new AbortController();
    setState({ kind: "loading" });
    fetchSlots({ slug, start, end, timeZone, signal: abort.signal }).then(
      (result) =>
        setState(result.ok ? { kind: "ready", slots: result.value.slots } : { kind: "failed", failure: result }),
      () => {}, // aborted: a newer month or zone took over
    );
    return () => abort.abort();
  }, [slug, timeZone, month, today, reload]);

  const days = useMemo(
    () =>
      state.kind === "ready"
        ? slotsByDay({ slots: state.slots.filter((slot) => slot.start !== exclude), timeZone })
        : new Map<string, Slot[]>(),
    [state, timeZone, exclude],
  );
  const bookable = useMemo(() => new Set(days.keys()), [days]);

  return {
    timeZone,
    month,
    today,
    state,
    days,
    bookable,
    selectedDate,
    changeZone(zone) {
      setTimeZone(zone);
      setNow(Date.now());
    },
    changeMonth: setMonth,
    selectDate: setSelectedDate,
    retry: () => setReload((n) => n + 1),
    replaceDay({ date, slots }) {
      const others =
        state.kind === "ready"
          ? state.slots.filter((slot) => localDateOf({ instant: slot.start, timeZone }) !== date)
          : [];
      setState({ kind: "ready", slots: [...others, ...slots] });
      setSelectedDate(date);
    },
  };
}
