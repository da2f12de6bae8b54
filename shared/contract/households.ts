// Channels of the domain: Hộ gia đình (sổ hộ, thành viên, phân loại, nhập Excel).
// Each channel: channel({ summary, input: zod schema, output: zod schema }).
export const householdChannels = {}
