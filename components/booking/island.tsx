// The public booking page's browser entry. scripts/build/build-booking-bundle.ts compiles it with Preact standing
// in for React (preact/compat), so the page ships this flow and a 4 KB renderer instead of React and the
// App Router's runtime. The components are the same ones the manage page renders with React.

import { createRoot } from "react-dom/client";
import { MOUNT_ID, readMountProps } from "@/lib/public-page/mount";
import { BookingFlow } from "./booking-flow";

const mount = document.getElementById(MOUNT_ID);
const props = mount && readMountProps(mount);
if (mount && props) createRoot(mount).render(<BookingFlow slug={props.slug} questions={props.questions} />);
