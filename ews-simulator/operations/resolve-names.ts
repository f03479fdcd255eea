import type { MailboxProfile } from "../data/model";
import { parseXsBoolean, readChildText, requireAttribute } from "../soap/dom";
import { createSchemaFault, EwsItemError } from "../soap/errors";
import { NS } from "../soap/namespaces";
import { renderOperationResponse, renderResponseMessage, renderResponseMessages } from "../soap/render";
import { attrs, el, type Xml } from "../soap/xml";
import type { OperationHandler } from "./context";

/** Ambiguous name resolution, as Exchange does it: prefix of the address, the user name or any word of the name. */
function matchesEntry(input: { profile: MailboxProfile; entry: string }): boolean {
  const entry = input.entry.replace(/^smtp:/i, "").toLowerCase();
  const { email, displayName } = input.profile;
  if (email === entry) return true;
  if (entry.length === 0) return false;
  return (
    email.startsWith(entry) ||
    displayName
      .toLowerCase()
      .split(/\s+/)
      .some((word) => word.startsWith(entry)) ||
    displayName.toLowerCase().startsWith(entry)
  );
}

function renderResolution(input: { profile: MailboxProfile; fullContact: boolean }): Xml {
  const { profile } = input;
  return el(
    "t:Resolution",
    el(
      "t:Mailbox",
      el("t:Name", profile.displayName),
      el("t:EmailAddress", profile.email),
      el("t:RoutingType", "SMTP"),
      el("t:MailboxType", "Mailbox"),
    ),
    input.fullContact
      ? el(
          "t:Contact",
          el("t:DisplayName", profile.displayName),
          el("t:EmailAddresses", el("t:Entry", attrs({ Key: "EmailAddress1" }), `SMTP:${profile.email}`)),
          el("t:ContactSource", "ActiveDirectory"),
        )
      : null,
  );
}

export const resolveNames: OperationHandler = (context) => {
  const body = context.request.body;
  const entry = readChildText(body, "UnresolvedEntry", NS.m);
  if (entry === undefined) throw createSchemaFault({ message: "UnresolvedEntry is required." });
  const fullContact = parseXsBoolean({ value: requireAttribute(body, "ReturnFullContactData"), element: body });
  const matches = context.store
    .listProfiles()
    .filter((profile) => matchesEntry({ profile, entry }))
    .sort((a, b) => a.email.localeCompare(b.email));
  const resolutionSet = el(
    "m:ResolutionSet",
    attrs({ TotalItemsInView: matches.length, IncludesLastItemInRange: true }),
    matches.slice(0, 100).map((profile) => renderResolution({ profile, fullContact })),
  );
  const message =
    matches.length === 0
      ? renderResponseMessage({
          name: "ResolveNamesResponseMessage",
          error: new EwsItemError("ErrorNameResolutionNoResults"),
        })
      : matches.length === 1
        ? renderResponseMessage({ name: "ResolveNamesResponseMessage", content: resolutionSet })
        : renderResponseMessage({
            name: "ResolveNamesResponseMessage",
            error: new EwsItemError("ErrorNameResolutionMultipleResults"),
            warning: true,
            content: resolutionSet,
          });
  return renderOperationResponse({ name: "ResolveNamesResponse", content: renderResponseMessages([message]) });
};
