import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from './templates.api';
import { templatesKeys } from './templates.keys';

export function useTemplates(filter: { teamId?: string | undefined } = {}) {
  return useQuery({
    queryKey: templatesKeys.list(filter),
    queryFn: ({ signal }) => listTemplates(filter, signal),
  });
}

export function useTemplate(id: string) {
  return useQuery({ queryKey: templatesKeys.detail(id), queryFn: ({ signal }) => getTemplate(id, signal) });
}

export function useCreateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTemplate,
    onSuccess: (detail) => {
      queryClient.setQueryData(templatesKeys.detail(detail.id), detail);
      return queryClient.invalidateQueries({ queryKey: templatesKeys.lists() });
    },
  });
}

export function useUpdateTemplate(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (yaml: string) => updateTemplate(id, { yaml }),
    onSuccess: (detail) => {
      queryClient.setQueryData(templatesKeys.detail(id), detail);
      return queryClient.invalidateQueries({ queryKey: templatesKeys.lists() });
    },
  });
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteTemplate,
    onSuccess: (_r, id) => {
      queryClient.removeQueries({ queryKey: templatesKeys.detail(id) });
      return queryClient.invalidateQueries({ queryKey: templatesKeys.lists() });
    },
  });
}
