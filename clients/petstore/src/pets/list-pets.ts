// The names of the first pets in the store: how the app lists them.
import { listPets } from '../client/index.js';

export async function firstPetNames(limit?: number): Promise<string[]> {
  const { data, error } = await listPets({ query: { limit } });
  if (error) throw new Error(`listing pets failed: ${error.message}`);
  return (data ?? []).map((pet) => pet.name);
}
