// Pages of 网格事件与调解 (grid events and mediation). The app merges these into its hash routes.
export const casesRoutes = {};
