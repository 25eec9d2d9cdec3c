/** MIME types and tags shared by the display layer (src/display) and the report command. */
export const CLAIMS_MIME = "application/vnd.landscape-lab.claims+json";
export const RUN_INFO_MIME = "application/vnd.landscape-lab.run+json";
/** Tag of the cell the report command appends to record what computed the run (hidden in the report). */
export const REPORT_CELL_TAG = "landscape-lab-report";
