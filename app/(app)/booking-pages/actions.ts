"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { authedAction } from "@/lib/actions/define";
import {
  createBookingPage,
  deleteBookingPage,
  removeDateOverride,
  setBookingPageHosts,
  setBookingPagePublished,
  setDateOverride,
  updateBookingPageBasics,
  updateBookingPageRules,
} from "@/lib/booking-pages/mutations";
import {
  basicsSchema,
  createPageSchema,
  hostsSchema,
  overrideSchema,
  pageIdSchema,
  publishSchema,
  removeOverrideSchema,
  rulesSchema,
} from "@/lib/booking-pages/schema";

// Thin wrappers: authedAction checks the session and organisation; each mutation re-checks the actor's
// right to this page (admins: every page of the organisation; members: their own) before writing.

const withPageId = <S extends z.ZodType>(schema: S) => z.intersection(pageIdSchema, schema);

function refresh(pageId?: string) {
  revalidatePath("/booking-pages");
  if (pageId) revalidatePath(`/booking-pages/${pageId}`);
}

export const createBookingPageAction = authedAction(
  { role: "member", schema: createPageSchema },
  async (page, user) => {
    const { pageId } = await createBookingPage({ actor: user, page });
    refresh();
    redirect(`/booking-pages/${pageId}?created=1`);
  },
);

export const updateBasicsAction = authedAction(
  { role: "member", schema: withPageId(basicsSchema) },
  async ({ pageId, ...basics }, user) => {
    await updateBookingPageBasics({ actor: user, pageId, basics });
    refresh(pageId);
    return { ok: true, data: null, message: "Details saved." };
  },
);

export const updateRulesAction = authedAction(
  { role: "member", schema: withPageId(rulesSchema) },
  async ({ pageId, ...rules }, user) => {
    await updateBookingPageRules({ actor: user, pageId, rules });
    refresh(pageId);
    return { ok: true, data: null, message: "Rules saved." };
  },
);

export const updateHostsAction = authedAction(
  { role: "member", schema: withPageId(hostsSchema) },
  async ({ pageId, schedulingType, hosts }, user) => {
    await setBookingPageHosts({ actor: user, pageId, schedulingType, hosts });
    refresh(pageId);
    return { ok: true, data: null, message: "Hosts saved." };
  },
);

export const setDateOverrideAction = authedAction(
  { role: "member", schema: overrideSchema },
  async ({ pageId, userId, date, start, end }, user) => {
    const windows = start !== undefined && end !== undefined ? [{ startMinute: start, endMinute: end }] : [];
    await setDateOverride({ actor: user, pageId, userId, date, windows });
    refresh(pageId);
    return {
      ok: true,
      data: null,
      message: windows.length === 0 ? `${date} blacked out.` : `Hours for ${date} saved.`,
    };
  },
);

export const removeDateOverrideAction = authedAction(
  { role: "member", schema: removeOverrideSchema },
  async ({ pageId, overrideId }, user) => {
    await removeDateOverride({ actor: user, pageId, overrideId });
    refresh(pageId);
    return { ok: true, data: null, message: "Removed." };
  },
);

export const setPublishedAction = authedAction(
  { role: "member", schema: publishSchema },
  async ({ pageId, published }, user) => {
    await setBookingPagePublished({ actor: user, pageId, published });
    refresh(pageId);
    return { ok: true, data: null, message: published ? "Published." : "Unpublished: the public page is gone." };
  },
);

export const deleteBookingPageAction = authedAction(
  { role: "member", schema: pageIdSchema },
  async ({ pageId }, user) => {
    await deleteBookingPage({ actor: user, pageId });
    refresh();
    redirect("/booking-pages?deleted=1");
  },
);
