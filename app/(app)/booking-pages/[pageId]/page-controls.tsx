"use client";

import { useActionState } from "react";
import { FormMessage } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/ui/submit-button";
import { deleteBookingPageAction, setPublishedAction } from "../actions";

export function PublishForm({ pageId, published }: { pageId: string; published: boolean }) {
  const [state, action] = useActionState(setPublishedAction, null);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="pageId" value={pageId} />
      <input type="hidden" name="published" value={published ? "false" : "true"} />
      <SubmitButton variant={published ? "secondary" : "primary"} pendingText="Saving…">
        {published ? "Unpublish" : "Publish"}
      </SubmitButton>
    </form>
  );
}

export function DeletePageForm({ pageId, title }: { pageId: string; title: string }) {
  const [state, action] = useActionState(deleteBookingPageAction, null);
  return (
    <form
      action={action}
      onSubmit={(event) => {
        if (!window.confirm(`Delete the booking page "${title}"? Its public link stops working; bookings stay.`)) {
          event.preventDefault();
        }
      }}
      className="space-y-2"
    >
      <FormMessage state={state} />
      <input type="hidden" name="pageId" value={pageId} />
      <SubmitButton variant="danger" pendingText="Deleting…">
        Delete booking page
      </SubmitButton>
    </form>
  );
}
