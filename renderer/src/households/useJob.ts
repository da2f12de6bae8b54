// The job hook moved to the data layer (events from main instead of polling); kept here for the import dialog.
export { useJob } from '../data/jobs'
